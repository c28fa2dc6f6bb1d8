"""`stages.PIPELINE`, the written order of the ingestion stages, matches what runs: every
stage and every hand-off names a registered task, routed to the queue its work belongs on."""

from celery import current_app
from django.conf import settings

from newsdesk.common.dispatch import TaskName
from newsdesk.ingestion.stages import PIPELINE


def test_every_stage_and_hand_off_is_a_registered_task():
    current_app.loader.import_default_modules()
    registered = set(current_app.tasks)

    named = {stage.task for stage in PIPELINE} | {
        name for stage in PIPELINE for name in stage.hands_to
    }

    assert named <= registered, named - registered


def test_every_stage_is_routed_to_the_fetch_or_extract_queue():
    routes = settings.CELERY_TASK_ROUTES

    queues = {stage.task: routes[stage.task]["queue"] for stage in PIPELINE}

    assert queues[TaskName.FETCH_URL] == "fetch"
    assert queues[TaskName.PROCESS_RAW] == queues[TaskName.ANALYSE_ARTICLE] == "extract"
    assert set(queues.values()) == {"fetch", "extract"}
