"""Customer models fitted in Python and scored in SQL (clustering, CLV, churn).

Pure functions only: the dbt Python models under python_models/ stay thin and
call these; pytest tests them directly (tests/python/test_models_*.py).
"""
