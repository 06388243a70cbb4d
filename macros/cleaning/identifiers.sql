{#-
    Normalisers for the identifiers used in identity resolution. Each returns
    one canonical form or null, never a guess: a null identifier links nothing.
-#}

{#-
    Chinese mobile number in +86 form (+8613800138000), or null when the value
    is not a plausible mainland mobile (11 digits, 1[3-9]...). Accepts
    '+86 138-0013-8000', '8613800138000', '008613800138000', '138 0013 8000'
    and full-width digits. An explicit other country code ('+1 312 555 0123',
    '00852...') is not a mainland mobile: null. Placeholders that look valid
    (13800000000) are not rejected here: the identity blocklist seed handles
    them, so the rule is data.
-#}
{% macro normalize_phone(expr) -%}
    {%- set compact -%}
        {{ huaxiang.regexp_remove_all(huaxiang.fullwidth_to_ascii(expr), '[^0-9+]') }}
    {%- endset -%}
    {%- set digits -%}
        {{ huaxiang.regexp_remove_all(compact, '[^0-9]') }}
    {%- endset -%}
    {%- set national -%}
        case
            when {{ compact }} like '+%' and {{ compact }} not like '+86%' then null
            when {{ compact }} like '00%' and {{ compact }} not like '0086%' then null
            when length({{ digits }}) = 15 and {{ digits }} like '0086%'
                then substr({{ digits }}, 5)
            when length({{ digits }}) = 13 and {{ digits }} like '86%'
                then substr({{ digits }}, 3)
            else {{ digits }}
        end
    {%- endset -%}
    case
        when {{ huaxiang.regexp_full_match(national, '1[3-9][0-9]{9}') }}
            then '+86' || {{ national }}
    end
{%- endmacro %}

{#-
    Email lowercased with surrounding white space removed (full-width forms and
    no-break spaces mapped first), or null when it is not of the form
    local@domain.tld. White space inside an address makes it invalid: it is
    not guessed away. Placeholder addresses stay: the identity blocklist seed
    decides whether they may link records.
-#}
{% macro normalize_email(expr) -%}
    {%- set spaced -%}
        replace({{ huaxiang.fullwidth_to_ascii(expr) }}, chr(160), ' ')
    {%- endset -%}
    {%- set cleaned -%}
        lower({{ huaxiang.regexp_remove_all(spaced, '^\\s+|\\s+$') }})
    {%- endset -%}
    case
        when {{ huaxiang.regexp_full_match(
            cleaned, '[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}'
        ) }}
            then {{ cleaned }}
    end
{%- endmacro %}

{#-
    Loyalty card number as 'VIP' + 10 digits: accepts lowercase, spaces,
    dashes and the bare 10 digits; null otherwise.
-#}
{% macro normalize_member_card(expr) -%}
    {%- set compact -%}
        upper({{ huaxiang.regexp_remove_all(huaxiang.fullwidth_to_ascii(expr), '[^0-9A-Za-z]') }})
    {%- endset -%}
    case
        when {{ huaxiang.regexp_full_match(compact, 'VIP[0-9]{10}') }}
            then {{ compact }}
        when {{ huaxiang.regexp_full_match(compact, '[0-9]{10}') }}
            then 'VIP' || {{ compact }}
    end
{%- endmacro %}

{#- Opaque id (account, device): trimmed, full-width mapped, optionally lowercased. -#}
{% macro normalize_key(expr, lowercase=false) -%}
    {%- if lowercase -%}
        lower({{ huaxiang.clean_text(expr) }})
    {%- else -%}
        {{ huaxiang.clean_text(expr) }}
    {%- endif -%}
{%- endmacro %}
