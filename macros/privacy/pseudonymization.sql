{#-
    Salted hashes for identifiers shown in public marts (PIPL 去标识化). A plain
    md5 of a phone number can be reversed by hashing every mobile number; with
    a secret salt it cannot. The salt comes from the environment variable
    HUAXIANG_PII_SALT. Its documented default is for the generated demo data
    only: on other data dbt warns, and fails when HUAXIANG_REQUIRE_PII_SALT is
    true (set it in production).
    The salt is written into the compiled SQL (target/): keep target/ private.
-#}

{#- The salt as text (validated). -#}
{% macro pii_salt() -%}
    {%- set salt = env_var('HUAXIANG_PII_SALT', '') -%}
    {%- if salt == '' -%}
        {%- set raw_dir = var('raw_dir', env_var('HUAXIANG_RAW_DIR', 'data/raw/retail')) | string -%}
        {%- set is_demo = raw_dir.rstrip('/').startswith('data/raw/') -%}
        {%- if not is_demo and execute -%}
            {%- set message = "HUAXIANG_PII_SALT is not set: identifiers in public marts "
                ~ "are hashed with the public demo salt, so anyone can reverse them "
                ~ "by hashing candidate phone numbers. Set HUAXIANG_PII_SALT to a "
                ~ "secret of at least 16 characters (e.g. openssl rand -hex 16) and "
                ~ "keep it stable: changing it changes every hashed id." -%}
            {%- if env_var('HUAXIANG_REQUIRE_PII_SALT', 'false') | lower in ['1', 'true', 'yes'] -%}
                {{ exceptions.raise_compiler_error(message) }}
            {%- endif -%}
            {%- do exceptions.warn(message) -%}
        {%- endif -%}
        {{- return('huaxiang-demo-salt-not-secret') -}}
    {%- endif -%}
    {%- if salt | length < 16 or "'" in salt or "\\" in salt -%}
        {{ exceptions.raise_compiler_error(
            "HUAXIANG_PII_SALT must be at least 16 characters without quotes "
            ~ "or backslashes (e.g. openssl rand -hex 16); it has "
            ~ salt | length ~ "."
        ) }}
    {%- endif -%}
    {{- return(salt) -}}
{%- endmacro %}

{#- Salted hash of a text expression: md5(salt || '|' || value), null stays null. -#}
{% macro pseudonymize(expr) -%}
    case when {{ expr }} is not null then
        {{ dbt.hash(dbt.concat(["'" ~ huaxiang.pii_salt() ~ "'", "'|'", expr])) }}
    end
{%- endmacro %}
