"""The production settings plus one URL: the bare logged-in page the benchmark uses as its baseline."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
