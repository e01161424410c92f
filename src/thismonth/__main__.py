from thismonth.cli.app import run

run()
