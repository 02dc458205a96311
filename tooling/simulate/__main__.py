from tooling.simulate.cli import app

app()
