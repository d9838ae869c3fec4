"""The machine a benchmark ran on, for its report (shared by the scripts in eval/)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram = next(
        (
            int(line.split()[1]) / 2**20
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        None,
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "ram_gb": round(ram, 1) if ram else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
