{#-
    Key of a POS identity record: the distinct (card, phone) pair a till
    captured. Receipts with the same pair belong to the same record.
-#}
{% macro pos_identity_record_key(card_column, phone_column) -%}
    'pos:' || coalesce({{ card_column }}, '') || '|' || coalesce({{ phone_column }}, '')
{%- endmacro %}
