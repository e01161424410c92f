"""The Markdown document model that compose, merge, check and site share.

What a line of an issue is (its identity: the link it carries), where its comments and code
fences are, and its front matter. It sits at the bottom of the pipeline, beside the
records, because every later stage reads and writes the same Markdown and must agree on it.
"""
