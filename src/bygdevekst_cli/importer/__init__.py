"""Importing an existing agreement (Word, text or Markdown) into a pilot's YAML.

``sources`` turns a file into blocks (headings, paragraphs, bullets); ``textflow`` does that
for plain text, re-flowing lines and dropping word-processor residue; ``ocr`` repairs
scanning damage in Bokmål text; ``structure`` finds KDD's chapters, the sub-goals and the
signatures; ``parties`` recognises the parties and gives them ids; ``writer`` writes
pilot.yaml and agreement.yaml in the shape of the bundled pilots.
"""
