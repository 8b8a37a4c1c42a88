"""(being written)"""
ROUTES: list = []
