"""A report whose every user-controlled field tries to inject markup or script."""

from __future__ import annotations

from vendorlock.model import Report

SCRIPT_PAYLOAD = "</script><script>window.__pwned = 1; alert(1)</script>"
CODE = f"x = '{SCRIPT_PAYLOAD}'  # a | b `c` \u2028 <!-- &amp;"
MESSAGE = 'Call of `<b>x</b>` with <img src=x onerror="window.__pwned = 2"> inside.'
PATH = "app/<svg onload=window.__pwned=3>.py"
SDK = '"><script>window.__pwned = 4</script>'
ROOT = "/srv/</title><script>window.__pwned = 5</script>"
DIAGNOSTIC = "<iframe srcdoc='<script>parent.__pwned = 6</script>'></iframe>"


def hostile_report(sample: Report) -> Report:
    """The sample report with payloads in the code, message, path, SDK, root and a diagnostic."""
    first = sample.findings[0].model_copy(update={"code": CODE, "message": MESSAGE, "path": PATH})
    second = sample.findings[3].model_copy(update={"sdk": SDK, "provider": SDK})
    diagnostic = sample.diagnostics[0].model_copy(update={"message": DIAGNOSTIC})
    return sample.model_copy(
        update={
            "root": ROOT,
            "findings": (first, *sample.findings[1:3], second),
            "diagnostics": (diagnostic,),
        }
    )
