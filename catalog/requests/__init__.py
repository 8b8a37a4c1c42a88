"""依申请公开 register: applications for government information, their statutory clock, their store."""
