"""The running process: serve (Socket Mode or HTTP), the HTTP server, /healthz and the scheduler."""
