"""依申请公开: the REQ rules, the register's statistics and 热点, run over ``gongkai.catalog.requests``."""
