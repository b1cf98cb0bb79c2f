"""Airflow DAG: refresh clientele's segments every day for the previous day (the DAG's logical date).

Copy to your DAGs folder; set the Airflow Variables `clientele_home` (a checkout with the built jar)
and `clientele_master` (e.g. spark://spark-master:7077 or yarn). Catch-up runs back-fill missed days,
and re-running a day is safe: each snapshot is replaced, never duplicated.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator

with DAG(
    dag_id="clientele_daily",
    schedule="0 3 * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,  # two refreshes of the same tables at once gain nothing
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    BashOperator(
        task_id="pipeline",
        # {{ ds }} is the logical date: the snapshot covers data up to the end of that day.
        bash_command=(
            "{{ var.value.clientele_home }}/scripts/submit.sh"
            " --master {{ var.value.clientele_master }} --deploy-mode client"
            " --config {{ var.value.clientele_home }}/conf/production.conf"
            " pipeline --as-of {{ ds }} --run-id {{ run_id | replace(':', '_') }}"
        ),
        env={"CLIENTELE_HMAC_SECRET": "{{ var.value.clientele_hmac_secret }}"},
        append_env=True,
    )
