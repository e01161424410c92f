"""One module per verb; each exposes ``command`` (a click command or group).

``thismonth.cli.app`` registers every module here, so adding a verb is adding a file.
"""
