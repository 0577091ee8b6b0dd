#!/usr/bin/env bash
# Cloud Run + Cloud Scheduler: one Cloud Run service per function, all from the same image, and a Cloud Scheduler
# job that calls trigger-on-schedule every minute with an OIDC token. deploy/README.md explains each step.
#
#   PROJECT=my-project REGION=europe-west1 IMAGE=europe-west1-docker.pkg.dev/my-project/insights/dashboard-insights:1.0.0 \
#     deploy/gcp/deploy.sh
#
# Secrets live in Secret Manager (created once, see the README) and are mounted as environment variables;
# plain settings come from deploy/gcp/env.yaml.
set -euo pipefail

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${IMAGE:?set IMAGE}"
SCHEDULE="${SCHEDULE:-* * * * *}"
RUNTIME_SA="dashboard-insights@${PROJECT}.iam.gserviceaccount.com"
SCHEDULER_SA="insights-scheduler@${PROJECT}.iam.gserviceaccount.com"
cd "$(dirname "$0")"

FUNCTIONS=(trigger-on-schedule prepare-anomaly prepare-trend prepare-forecast push-grafana on-webhook-error-alert)
SECRETS="QUARKUS_DATASOURCE_PASSWORD=insights-db-password:latest,INSIGHTS_GRAFANA_TOKEN=insights-grafana-token:latest"
SECRETS+=",INSIGHTS_INVOKER_TOKEN=insights-invoker-token:latest,INSIGHTS_AI_API_KEY=insights-ai-api-key:latest"

# Cloud Run's deterministic service URLs are https://<service>-<project-number>.<region>.run.app, so one template
# names every stage for the http invoker.
PROJECT_NUMBER="$(gcloud projects describe "$PROJECT" --format='value(projectNumber)')"
INVOKER_URL="https://{function}-${PROJECT_NUMBER}.${REGION}.run.app"

for fn in "${FUNCTIONS[@]}"; do
  case "$fn" in
    prepare-forecast) memory=2Gi; cpu=2; timeout=300 ;;
    trigger-on-schedule) memory=1Gi; cpu=1; timeout=600 ;;
    *) memory=1Gi; cpu=1; timeout=120 ;;
  esac
  secrets="$SECRETS"
  # The webhook is the only service open to the internet; it checks the sender's HMAC signature itself.
  access=(--no-allow-unauthenticated)
  if [[ "$fn" == on-webhook-error-alert ]]; then
    secrets+=",INSIGHTS_ALERTS_HMAC_SECRET=insights-alerts-hmac-secret:latest"
    access=(--allow-unauthenticated)
  fi
  # prepare-*/push-grafana are reached with the invoker token (INSIGHTS_INVOKER_TOKEN), so they also need
  # unauthenticated ingress at the Cloud Run level; their own token check refuses everyone else.
  if [[ "$fn" == prepare-* || "$fn" == push-grafana ]]; then
    access=(--allow-unauthenticated)
  fi
  # Each service answers only its own function (others are 404), so the public webhook URL reaches nothing else.
  envs="INSIGHTS_INVOKER_BASE_URL=${INVOKER_URL},INSIGHTS_INVOKER_SERVE=${fn}"
  # The trigger is private at the Cloud Run level: Cloud Run checks the scheduler's OIDC token (IAM run.invoker)
  # before the request reaches the app, which therefore does not ask for the invoker token there, explicitly.
  if [[ "$fn" == trigger-on-schedule ]]; then
    envs+=",INSIGHTS_INVOKER_AUTH=none"
  fi
  gcloud run deploy "$fn" --project "$PROJECT" --region "$REGION" --image "$IMAGE" \
    --service-account "$RUNTIME_SA" --memory "$memory" --cpu "$cpu" --timeout "$timeout" \
    --concurrency 4 --min-instances 0 --max-instances 4 \
    --network "${NETWORK:-default}" --subnet "${SUBNET:-default}" --vpc-egress private-ranges-only \
    --env-vars-file env.yaml --update-env-vars "$envs" \
    --set-secrets "$secrets" "${access[@]}"
done

# trigger-on-schedule is private: only the scheduler's service account may invoke it, with an OIDC token whose
# audience is the service URL.
TRIGGER_URL="$(gcloud run services describe trigger-on-schedule --project "$PROJECT" --region "$REGION" --format='value(status.url)')"
gcloud run services add-iam-policy-binding trigger-on-schedule --project "$PROJECT" --region "$REGION" \
  --member "serviceAccount:${SCHEDULER_SA}" --role roles/run.invoker
if gcloud scheduler jobs describe insights-trigger --project "$PROJECT" --location "$REGION" >/dev/null 2>&1; then
  verb=update
else
  verb=create
fi
gcloud scheduler jobs "$verb" http insights-trigger --project "$PROJECT" --location "$REGION" \
  --schedule "$SCHEDULE" --time-zone Etc/UTC \
  --uri "${TRIGGER_URL}/trigger-on-schedule" --http-method POST \
  --headers Content-Type=application/json --message-body '{}' \
  --oidc-service-account-email "$SCHEDULER_SA" --oidc-token-audience "$TRIGGER_URL" \
  --attempt-deadline 10m
echo "webhook: $(gcloud run services describe on-webhook-error-alert --project "$PROJECT" --region "$REGION" --format='value(status.url)')/on-webhook-error-alert"
