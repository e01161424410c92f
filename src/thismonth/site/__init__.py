"""The newsletter as a website: static build, feeds, e-mail and a live preview.

build(SiteOptions)      -> public/: archive index, a page per issue, atom.xml, rss.xml
serve(SiteOptions, ...) -> http://127.0.0.1:8000, rebuilt on every save
render_email(issue)     -> inline-styled HTML and plain text with numbered links
"""

from thismonth.site._errors import SiteError
from thismonth.site.build import BuildResult, Comments, SiteOptions, build

__all__ = ["BuildResult", "Comments", "SiteError", "SiteOptions", "build"]
