"""Pages: Markdown from templates and markers, with every piece of text from the data escaped."""
