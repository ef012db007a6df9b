from bygdevekst_cli.cli import main

main()
