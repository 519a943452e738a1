"""The one contract between Coding-Panda processes.

Web, judge nodes and AI workers import this package and nothing of each
other: queue names, job payloads, verdict names, event names and the enqueue
and publish helpers all live here.
"""

from queues.config import QueueConfig
from queues.enqueue import enqueue_run, enqueue_submission
from queues.events import EventPublisher
from queues.judge_api import TestdataManifest, TestFile, testdata_checksum
from queues.languages import LANGUAGES, Language
from queues.payloads import (
    PAYLOAD_VERSION,
    CheckerSpec,
    JudgeResult,
    RunInput,
    RunJob,
    RunOutput,
    RunUpdate,
    SubmissionJob,
    SubmissionUpdate,
    TestResult,
)
from queues.verdicts import SubmissionStatus, Verdict

__all__ = [
    "LANGUAGES",
    "PAYLOAD_VERSION",
    "CheckerSpec",
    "EventPublisher",
    "JudgeResult",
    "Language",
    "QueueConfig",
    "RunInput",
    "RunJob",
    "RunOutput",
    "RunUpdate",
    "SubmissionJob",
    "SubmissionStatus",
    "SubmissionUpdate",
    "TestFile",
    "TestResult",
    "TestdataManifest",
    "Verdict",
    "enqueue_run",
    "enqueue_submission",
    "testdata_checksum",
]
