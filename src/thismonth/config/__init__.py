"""``thismonth.toml``: the newsletter's editorial policy as typed sections.

``schema`` holds the typed sections, ``keys`` the keys each table takes and their checks,
``parse`` the loading (every problem at once, each as ``file:line: key: message``),
``lines`` the line of a key for those messages, ``paths`` where a month's files go. Everything above the config imports from here.
"""

from thismonth.config.parse import default_config, load_config, parse_config
from thismonth.config.paths import output_path, template_fields
from thismonth.config.schema import (
    ACTIONS,
    DEFAULT_BOTS,
    DEFAULT_CFP_LABELS,
    DEFAULT_RULES,
    FRONT_MATTER_FLAVORS,
    TITLE_HABITS,
    TITLE_STYLES,
    CandidateSection,
    Config,
    FeedConfig,
    Maintainer,
    NewsletterConfig,
    Package,
    PolicyConfig,
    ProjectConfig,
    Rule,
    SectionConfig,
    SiteConfig,
    is_bot_name,
)

__all__ = [
    "ACTIONS",
    "DEFAULT_BOTS",
    "DEFAULT_CFP_LABELS",
    "DEFAULT_RULES",
    "FRONT_MATTER_FLAVORS",
    "TITLE_HABITS",
    "TITLE_STYLES",
    "CandidateSection",
    "Config",
    "FeedConfig",
    "Maintainer",
    "NewsletterConfig",
    "Package",
    "PolicyConfig",
    "ProjectConfig",
    "Rule",
    "SectionConfig",
    "SiteConfig",
    "default_config",
    "is_bot_name",
    "load_config",
    "output_path",
    "parse_config",
    "template_fields",
]
