#!/usr/bin/env bash
# Mutation testing of the core modules with cosmic-ray, one module at a time with a targeted test selection.
#
#   .venv/bin/pip install -e '.[mutation]' && scripts/mutation.sh [module ...]
#
# Without arguments: every module of the table below. A module's session is resumed where it stopped (it can take
# hours); MUTATION_FRESH=1 starts it again, MUTATION_SURVIVORS=1 re-runs only its survivors (after new tests).
# MUTATION_TIMEOUT=S (default 300) ends a mutant's test run after S seconds, counted as killed: a mutant that
# loops forever costs that much. MUTATION_SAMPLE=N (read when a session is created) runs only a seeded random sample of N of the mutants left after
# the annotation filter, MUTATION_SEED=S choosing it (default 18): the others are recorded as "not sampled", and
# scripts/mutation_report.py gives the score of the sample with its 95% confidence interval.
# Sessions and reports go to .mutation/ (ignored by git); the survivors of each module are listed in
# .mutation/<name>.txt. cosmic-ray mutates the file IN PLACE and
# restores it after each mutant: run it in a clean worktree, never alongside other tests of the same checkout,
# and check `git status` if it was interrupted. One mutant runs at a time (the machine has 2 shared cores).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUT=.mutation
mkdir -p "$OUT"
# The test run of one mutant: no browser plugin, no cache writes, the first failure ends it; the GeoNames index
# and snapshots in one cache directory of their own (the session fixture would copy every index of the user's
# cache for every mutant), built by the first mutant that needs it.
export ATLAS_CACHE_DIR="$PWD/$OUT/cache"
mkdir -p "$ATLAS_CACHE_DIR"
# scripts/mutation_index.py links the long-tail index of the unmutated code under each mutant's cache key (the key
# hashes every engine module, so each mutant would build the index again: ~12 s).
PYTEST="$PY -m pytest -q -x -p no:cacheprovider -p no:playwright -p no:base_url -p scripts.mutation_index"

# module path | the tests that exercise it
TABLE=(
  "geo/core/atomic.py|tests/geo/test_atomic.py"
  "components/html_safe.py|tests/app/test_components.py tests/app/test_citation.py -k 'href or link or escape or hostile'"
  "components/state.py|tests/app/test_components.py -k 'url_state or selection or play or decades or layer'"
  "components/url_state.py|tests/app/test_app.py::test_an_unchanged_view_leaves_the_address_bar_alone tests/app/test_app.py::test_the_url_follows_the_view tests/reliability/test_url_params.py"
  "geo/dataset/corrections.py|tests/geo/test_correction_checks.py tests/geo/test_dataset.py -k 'not cli and not bundled'"
  "geo/dataset/schema.py|tests/geo/test_dataset_schema.py tests/geo/test_dataset.py -k 'not cli and not bundled'"
  "geo/dataset/dates.py|tests/geo/test_dates.py tests/geo/test_dataset.py -k 'not cli and not bundled'"
  "geo/dataset/articles.py|tests/geo/test_article_files.py tests/geo/test_dataset_loading.py tests/geo/test_dataset.py -k 'not cli and not bundled'"
  "geo/dataset/validate.py|tests/geo/test_dataset_checks.py tests/geo/test_dataset.py -k 'not cli and not bundled'"
  "geo/dataset/loader.py|tests/geo/test_dataset_loading.py tests/geo/test_dataset.py -k 'not cli and not bundled'"
  "geo/dataset/tables.py|tests/geo/test_table_reading.py tests/geo/test_dataset.py -k 'not cli and not bundled'"
  "components/panel.py|tests/app/test_panel.py"
  "geo/store/sources.py|tests/geo/test_ingest_inputs.py tests/geo/test_ingest.py::test_split_front_matter tests/geo/test_ingest.py::test_normalised_fingerprint"
  "geo/routing/routes.py|tests/geo/test_routing.py tests/geo/test_rail_winding.py -k 'not geonames_record'"
  "geo/routing/winding.py|tests/geo/test_rail_winding.py tests/geo/test_routing.py -k 'not geonames_record'"
  "geo/routing/network.py|tests/geo/test_routing.py -k 'not geonames_record'"
  "geo/gazetteer/normalize.py|tests/geo/test_normalize.py"
  "geo/geoparse/facilities.py|tests/geo/test_facilities.py \
tests/geo/test_world_geoparse.py::test_a_street_or_facility_is_placed_where_the_text_puts_it \
tests/geo/test_world_geoparse.py::test_a_facility_alone_is_listed_unresolved_and_a_title_is_no_facility"
  "geo/geoparse/sentences.py|tests/geo/test_sentences.py tests/geo/test_geoparse.py::test_passage_is_the_sentence_around_the_mention"
  "geo/geoparse/qualified.py|tests/geo/test_qualified_names.py \
tests/geo/test_world_geoparse.py::test_place_region_pairs_settle_the_place \
tests/geo/test_world_geoparse.py::test_an_abbreviated_state_keeps_its_full_stop \
tests/geo/test_world_geoparse.py::test_a_list_of_states_is_not_a_place_region_pair \
tests/geo/test_world_geoparse.py::test_a_small_town_counts_only_when_the_text_names_its_state \
tests/geo/test_world_geoparse.py::test_the_wire_sentence_finds_every_place_and_nothing_else"
  "geo/gazetteer/matching.py|tests/geo/test_matching.py \
tests/geo/test_geoparse_internals.py::test_non_overlapping_matches_reference \
tests/geo/test_geoparse_internals.py::test_a_character_that_folds_to_a_letter_falls_back_to_the_scan \
tests/geo/test_geoparse_internals.py::test_a_name_ending_inside_a_longer_one_keeps_the_shorter_names_after_it"
  "geo/gazetteer/longtail.py|tests/geo/test_longtail.py"
  "geo/gazetteer/cues.py|tests/geo/test_cues.py"
  "geo/store/batch.py|tests/geo/test_batch_in_process.py"
  "geo/store/ingest.py|tests/geo/test_ingest_report.py tests/geo/test_ingest.py"
  "geo/geoparse/parser.py|tests/geo/test_world_geoparse.py tests/geo/test_traps.py tests/geo/test_region_prior.py \
tests/geo/test_geoparse.py tests/geo/test_geoparse_internals.py tests/geo/test_long_tail_runs.py tests/geo/test_facilities.py \
tests/geo/test_qualified_names.py tests/geo/test_parser_rules.py -k 'not cli and not remembers'"
  "geo/gazetteer/lookup.py|tests/geo/test_lookup.py tests/geo/test_region_prior.py tests/geo/test_world_geoparse.py \
tests/geo/test_traps.py tests/geo/test_geoparse.py tests/geo/test_long_tail_runs.py \
tests/geo/test_geoparse_internals.py::test_a_name_ending_inside_a_longer_one_keeps_the_shorter_names_after_it \
-k 'not cli and not remembers'"
  "geo/gazetteer/world.py|tests/geo/test_world_areas.py tests/geo/test_world_geoparse.py tests/test_gazetteer_data.py \
tests/geo/test_lookup.py tests/geo/test_qualified_names.py"
  "geo/geoparse/runs.py|tests/geo/test_world_geoparse.py tests/geo/test_traps.py tests/geo/test_region_prior.py \
tests/geo/test_geoparse.py tests/geo/test_geoparse_internals.py tests/geo/test_long_tail_runs.py -k 'not cli and not remembers'"
)

run_module() {
  local module=$1 tests=$2 name
  name=$(echo "$module" | tr '/.' '__')
  cat > "$OUT/$name.toml" <<TOML
[cosmic-ray]
module-path = "$module"
timeout = ${MUTATION_TIMEOUT:-300}.0
excluded-modules = []
test-command = "$PYTEST $tests"

[cosmic-ray.distributor]
name = "local"
TOML
  if [ -n "${MUTATION_FRESH:-}" ] || [ ! -f "$OUT/$name.sqlite" ]; then
    rm -f "$OUT/$name.sqlite"
    .venv/bin/cosmic-ray init "$OUT/$name.toml" "$OUT/$name.sqlite" || return 1
    # annotation mutants: equivalent, never run; with MUTATION_SAMPLE, those outside the sample: not run either
    $PY scripts/mutation_filter.py "$OUT/$name.sqlite" --sample "${MUTATION_SAMPLE:-0}" \
      --seed "${MUTATION_SEED:-18}" || return 1
  elif [ -n "${MUTATION_SURVIVORS:-}" ]; then
    # after writing tests for the survivors: run only those again (their results are forgotten, so exec takes
    # them); the survivors scripts/mutation_report.py counts as equivalent are not run again
    $PY scripts/mutation_report.py --forget-survivors "$OUT/$name.sqlite" || return 1
  fi  # otherwise an interrupted session resumes where it stopped
  unset MUTATION_LONGTAIL_INDEX
  .venv/bin/cosmic-ray baseline "$OUT/$name.toml" || { echo "$module: the tests fail unmutated" >&2; return 1; }
  case $module in
    geo/gazetteer/longtail.py|geo/gazetteer/world.py|geo/gazetteer/normalize.py) ;;  # they shape the index
    *) local index
       index=$($PY -c 'from geo.gazetteer.longtail import LongTail; print(LongTail().cache_file())')
       if [ -f "$index" ]; then
         cp "$index" "$OUT/longtail-reference.pickle" && export MUTATION_LONGTAIL_INDEX="$PWD/$OUT/longtail-reference.pickle"
       fi ;;
  esac
  .venv/bin/cosmic-ray exec "$OUT/$name.toml" "$OUT/$name.sqlite"
  .venv/bin/cr-report "$OUT/$name.sqlite" --show-pending > "$OUT/$name.txt"
  git diff --quiet -- "$module" || { echo "$module was left mutated: restoring" >&2; git checkout -- "$module"; }
  echo "$module: $(tail -n 3 "$OUT/$name.txt" | tr '\n' ' ')"
}

for row in "${TABLE[@]}"; do
  module=${row%%|*}
  if [ $# -gt 0 ] && [[ ! " $* " == *" $module "* ]]; then continue; fi
  run_module "$module" "${row#*|}"
done
