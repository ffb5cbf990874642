"""Every format a draft is written in: the writers (Markdown, text, HTML, Word, ninjs, facts),
charts and the editors' site."""
