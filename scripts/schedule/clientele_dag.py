"""Airflow DAG: refresh clientele's segments every day for the previous day (the DAG's logical date).

Copy to your DAGs folder; set the Airflow Variables `clientele_home` (a checkout with the built jar)
and `clientele_master` (e.g. spark://spark-master:7077 or yarn). No catch-up (catchup=False): a new
or paused DAG does not run the days it missed; back-fill them with `scripts/submit.sh ... backfill
--from ... --to ...` (README "Scheduling and back-fills"), or clear the missed runs in Airflow.
Re-running a day is safe: each snapshot is replaced, never duplicated.

Before the pipeline, `erase_requests` honours the right to be forgotten: when the file named by the
Variable `clientele_erasure_requests` (one request a line, README "Privacy"; keep it on storage only
the job can read) has lines, they are moved aside, erased with `--purge` (no older table version
keeps the people), and the moved file is deleted once the erasure succeeded: the warehouse keeps the
requests only keyed-hashed. A failed erase leaves the moved file for the retry (erase is restartable);
requests that arrive meanwhile are appended to it. The pipeline after it then ingests with the new
suppression entries.

After the pipeline, `register` refreshes the BI engine's tables and `<table>_current` views
(docs/bi.md): `scripts/bi-trino.sh register` against the Trino that `scripts/bi-trino.sh start` runs
on this host, with the same configuration file as the pipeline (leave the task out when BI reads
the tables through another engine).
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
    pipeline = BashOperator(
        task_id="pipeline",
        # {{ ds }} is the logical date: the snapshot covers data up to the end of that day.
        # The run id names the run summary file, so clientele takes only letters, digits, '.', '_'
        # and '-': Airflow's own run_id ("scheduled__2024-12-31T03:00:00+00:00") is refused, so
        # the id is built from the run type and the logical date, one per DAG run (retries share it).
        bash_command=(
            "{{ var.value.clientele_home }}/scripts/submit.sh"
            " --master {{ var.value.clientele_master }} --deploy-mode client"
            " --config {{ var.value.clientele_home }}/conf/production.conf"
            " pipeline --as-of {{ ds }} --run-id {{ dag_run.run_type }}__{{ ts_nodash }}"
        ),
        env={"CLIENTELE_HMAC_SECRET": "{{ var.value.clientele_hmac_secret }}"},
        append_env=True,
    )
    erase_requests = BashOperator(
        task_id="erase_requests",
        bash_command=(
            "f={{ var.value.clientele_erasure_requests }}; p=\"$f.processing\";"
            " if [ -s \"$f\" ]; then cat \"$f\" >> \"$p\" && rm -f \"$f\"; fi;"
            " if [ ! -s \"$p\" ]; then echo 'no erasure requests'; exit 0; fi;"
            " {{ var.value.clientele_home }}/scripts/submit.sh"
            " --master {{ var.value.clientele_master }} --deploy-mode client"
            " --config {{ var.value.clientele_home }}/conf/production.conf"
            " erase --requests \"$p\" --purge --as-of {{ ds }}"
            " --run-id erase__{{ ts_nodash }}"
            " && rm -f \"$p\""
        ),
        env={"CLIENTELE_HMAC_SECRET": "{{ var.value.clientele_hmac_secret }}"},
        append_env=True,
    )
    register = BashOperator(
        task_id="register",
        bash_command=(
            "{{ var.value.clientele_home }}/scripts/bi-trino.sh register"
            " --config {{ var.value.clientele_home }}/conf/production.conf"
        ),
    )
    erase_requests >> pipeline >> register
