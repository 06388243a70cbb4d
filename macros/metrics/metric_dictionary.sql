{#-
    Rows of the metric dictionary, built from the project graph (graph.metrics
    and graph.semantic_models) at execution time: each metric with its meta
    (labels, definition, formula, unit, owner; all required), its finest time
    grain and its categorical group-bys resolved the way MetricFlow does (the
    measures' own dimensions under their primary entity, plus the dimensions
    of the models whose primary entity is one of the measures' entities;
    common to all of a metric's measures). Returns [] at parse time.
-#}
{% macro metric_dictionary_rows() %}
{%- set grain_order = ['day', 'week', 'month', 'quarter', 'year'] %}
{%- set required_meta = [
    'label_zh', 'label_en', 'definition_zh', 'definition_en',
    'formula', 'unit', 'owner'
] %}

{%- set rows = [] %}
{%- if execute %}
    {%- set semantic_models = graph.semantic_models.values() | list %}
    {%- set metrics = graph.metrics.values()
        | selectattr('package_name', 'equalto', project_name)
        | sort(attribute='name') | list %}
    {%- if metrics | length == 0 %}
        {{ exceptions.raise_compiler_error(
            "rpt_metric_dictionary: the project defines no metrics; "
            ~ "see models/marts/metrics/_metrics__metrics.yml"
        ) }}
    {%- endif %}
    {%- for metric in metrics %}
        {%- set meta = metric.config.meta or metric.meta or {} %}
        {%- for key in required_meta %}
            {%- if not meta.get(key) %}
                {{ exceptions.raise_compiler_error(
                    "metric " ~ metric.name ~ " (" ~ metric.original_file_path
                    ~ "): config.meta." ~ key ~ " is missing; every metric "
                    ~ "needs " ~ required_meta | join(', ')
                ) }}
            {%- endif %}
        {%- endfor %}
        {%- set state = {'group_bys': none, 'grain': 0, 'models': []} %}
        {%- for input in metric.type_params.input_measures %}
            {%- for model in semantic_models %}
                {%- set measure = model.measures
                    | selectattr('name', 'equalto', input.name) | first %}
                {%- if measure %}
                    {%- set primary = model.entities
                        | selectattr('type', 'equalto', 'primary') | first %}
                    {%- set found = [] %}
                    {%- for dimension in model.dimensions
                        if dimension.type == 'categorical' %}
                        {%- do found.append(primary.name ~ '__' ~ dimension.name) %}
                    {%- endfor %}
                    {%- for entity in model.entities %}
                        {%- for other in semantic_models if other.name != model.name %}
                            {%- set other_primary = other.entities
                                | selectattr('type', 'equalto', 'primary') | first %}
                            {%- if other_primary and other_primary.name == entity.name %}
                                {%- for dimension in other.dimensions
                                    if dimension.type == 'categorical' %}
                                    {%- do found.append(
                                        entity.name ~ '__' ~ dimension.name) %}
                                {%- endfor %}
                            {%- endif %}
                        {%- endfor %}
                    {%- endfor %}
                    {%- if state.group_bys is none %}
                        {%- do state.update({'group_bys': found | unique | list}) %}
                    {%- else %}
                        {%- do state.update({'group_bys': state.group_bys
                            | select('in', found) | list}) %}
                    {%- endif %}
                    {%- set time_name = measure.agg_time_dimension
                        or model.defaults.agg_time_dimension %}
                    {%- set time_dimension = model.dimensions
                        | selectattr('name', 'equalto', time_name) | first %}
                    {%- set grain = grain_order.index(
                        time_dimension.type_params.time_granularity) %}
                    {%- if grain > state.grain %}
                        {%- do state.update({'grain': grain}) %}
                    {%- endif %}
                    {%- if model.name not in state.models %}
                        {%- do state.models.append(model.name) %}
                    {%- endif %}
                {%- endif %}
            {%- endfor %}
        {%- endfor %}
        {%- do rows.append({
            'metric': metric,
            'meta': meta,
            'group_bys': (state.group_bys or []) | sort | join(', '),
            'grain': grain_order[state.grain],
            'models': state.models | sort | join(', '),
            'measures': metric.type_params.input_measures
                | map(attribute='name') | unique | sort | join(', '),
        }) %}
    {%- endfor %}
{%- endif %}

{{ return(rows) }}
{% endmacro %}
