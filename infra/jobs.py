"""`python3 -m infra.jobs [NAME ...]`: run the template's analytics jobs (or the workflows' clock) now against the
running local stack, as their schedules would (the handler, the schedule's Input), and print what each reported.

  python3 -m infra.jobs                  every analytics job in dependency order, then the weekly and monthly reports
  python3 -m infra.jobs rfm churn        only these (names: compaction rfm ltv trends basket price-effect
                                         campaigns churn channels lifecycle service
                                         weekly-report monthly-report)
  python3 -m infra.jobs workflow-clock   the workflows' hourly clock: schedules and date fields due now

Curated Parquet lands in the analytics bucket, figures on each customer, the reports in .local/outbox.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from infra.bootstrap import ensure_venv

JOBS = {  # name -> (function, schedule event name)
    "compaction": ("CompactionJobFunction", None),
    "rfm": ("RfmJobFunction", None),
    "ltv": ("LtvJobFunction", None),
    "trends": ("TrendsJobFunction", None),
    "basket": ("BasketJobFunction", None),
    "price-effect": ("PriceEffectJobFunction", None),
    "campaigns": ("CampaignEffectJobFunction", None),
    "churn": ("ChurnJobFunction", None),
    "channels": ("ChannelPreferenceJobFunction", None),
    "lifecycle": ("LifecycleJobFunction", None),
    "service": ("ServiceAnalysisJobFunction", None),
    "weekly-report": ("ReportJobFunction", "Weekly"),
    "monthly-report": ("ReportJobFunction", "Monthly"),
    "workflow-clock": ("WorkflowTriggerFunction", "Clock"),
}
ANALYTICS = [name for name in JOBS if name != "workflow-clock"]


def main() -> int:
    ensure_venv("infra.jobs")
    p = argparse.ArgumentParser(prog="python3 -m infra.jobs", description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", metavar="NAME", help=", ".join(JOBS))
    p.add_argument("--state-file", default=None, help="the running local stack's state file")
    args = p.parse_args(sys.argv[1:])
    unknown = [n for n in args.names if n not in JOBS]
    if unknown:
        p.error(f"unknown job(s) {', '.join(unknown)}; choose from {', '.join(JOBS)}")
    from infra.call import local_stack
    from infra.functions import run_scheduled

    stack = local_stack(args.state_file)
    from analytics_jobs import lambdas

    lambdas.logger.setLevel("WARNING")  # this command prints one line per job; the JSON logs are Lambda's

    for name in args.names or ANALYTICS:
        logical, event = JOBS[name]
        t = time.perf_counter()
        result = run_scheduled(stack, logical, event)
        brief = {k: v for k, v in result.items() if not isinstance(v, dict | list) or k in ("stored", "recipients")}
        print(f"{name:<15} {time.perf_counter() - t:6.1f} s  {json.dumps(brief, default=str)[:400]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
