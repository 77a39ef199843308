"""The probe paths, read by the URLs and by the settings (so nothing here may import Django)."""

# No trailing slash: the paths load balancers and orchestrators conventionally probe.
LIVENESS_PATH = "healthz"
READINESS_PATH = "readyz"

# settings.SECURE_REDIRECT_EXEMPT: a load balancer probes over plain HTTP, and must not be sent to HTTPS.
SSL_REDIRECT_EXEMPT = [rf"^{LIVENESS_PATH}$", rf"^{READINESS_PATH}$"]
