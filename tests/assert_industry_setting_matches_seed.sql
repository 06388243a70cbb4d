-- The industry() setting accepts exactly the industries of seeds/industries.csv.
{%- set known = huaxiang.known_industries() %}
with setting as (
    {%- for code in known %}
    select '{{ code }}' as industry_code
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
)

select coalesce(s.industry_code, i.industry_code) as industry_code
from setting as s
full outer join {{ ref('industries') }} as i
    on s.industry_code = i.industry_code
where s.industry_code is null or i.industry_code is null
