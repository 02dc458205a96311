"""Department simulators: a month of synthetic events per department, published to Kafka
(publish.py, with deliberately dirty ones) or written as the department's monthly spreadsheet
(monthly_file.py). One module per department in departments/. Command line:
`python -m tooling.simulate DEPARTMENT --people people.csv [--to-file FILE]`.
"""
