"""Render: the document model to Markdown, through overridable Jinja2 templates."""

from thismonth.render.render import render_issue

__all__ = ["render_issue"]
