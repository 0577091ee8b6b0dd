#!/usr/bin/env bash
# Writes an OpenMetrics history of a "shop" service for `promtool tsdb create-blocks-from openmetrics`:
# 4 days ending 2 min before END (at 15 s, the last 3 h at 5 s: the anomaly stage learns each series' daily
# profile from the 3 days before its window), with one known incident and the change before it:
#   - http_requests_total{job,service="shop",route,status}: 100 req/s over 4 routes, 1 % errors;
#     from T0 for 20 min /pay fails at 60 % (and /cart at 3 %): error ratio 1 % -> ~7.3 %, /pay carries ~94 %
#     of the extra errors;
#   - shop_build_info{job,version}: 1.3.9 until T0-4m, then 1.4.0 (a deploy 4 minutes before the incident);
#   - shop_inflight_requests{job}: ~20, ~60 during the incident (a metric that moves with it).
# Usage: scripts/history-openmetrics.sh END_UNIX_SECONDS T0_UNIX_SECONDS > history.om
set -euo pipefail
END="$1"; T0="$2"
awk -v end="$END" -v t0="$T0" '
function noise(t, k) { return 0.05 * sin(t / 97.0 + k) + 0.03 * sin(t / 13.0 + 2 * k) }
function after(t) { return t + (t < fine ? 15 : 5) }
BEGIN {
  start = end - 4 * 86400; fine = end - 3 * 3600; stop = end - 120; inc_end = t0 + 20 * 60; deploy = t0 - 240
  n = split("/pay /cart /home /search", routes, " ")
  split("10 20 50 20", rps, " ")
  print "# TYPE http_requests counter"
  for (r = 1; r <= n; r++) {
    for (s = 0; s < 2; s++) {
      status = s == 0 ? "200" : "500"; c = 0; prev = start
      for (t = start; t <= stop; t = after(t)) {
        err = 0.01
        if (t >= t0 && t < inc_end) { if (routes[r] == "/pay") err = 0.60; else if (routes[r] == "/cart") err = 0.03 }
        rate = rps[r] * (1 + noise(t, r)) * (s == 0 ? 1 - err : err)
        c += rate * (t - prev); prev = t
        printf "http_requests_total{job=\"shop\",service=\"shop\",route=\"%s\",status=\"%s\"} %.3f %d\n", routes[r], status, c, t
      }
    }
  }
  print "# TYPE shop_build_info gauge"
  for (t = start; t <= stop; t = after(t)) if (t < deploy) printf "shop_build_info{job=\"shop\",version=\"1.3.9\"} 1 %d\n", t
  for (t = start; t <= stop; t = after(t)) if (t >= deploy) printf "shop_build_info{job=\"shop\",version=\"1.4.0\"} 1 %d\n", t
  print "# TYPE shop_inflight_requests gauge"
  for (t = start; t <= stop; t = after(t)) {
    v = (t >= t0 && t < inc_end ? 60 : 20) * (1 + noise(t, 7))
    printf "shop_inflight_requests{job=\"shop\",service=\"shop\"} %.2f %d\n", v, t
  }
  print "# EOF"
}'
