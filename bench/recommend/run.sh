#!/usr/bin/env bash
# Offline recommendation quality (issue 6, item 5): the evaluator (src/test/java/io/reelay/recommend/eval) replays
# an interaction file through the production model and prints HR/NDCG/Precision/Recall@k and coverage beside a
# most-popular baseline. Without FILE it generates the synthetic dataset with planted tastes first.
# Usage: bench/recommend/run.sh [evaluator options]        e.g. --similarity all, --holdout 10
#        FILE=ml100k.csv bench/recommend/run.sh            any user,item,value,timestamp[,tags[,creator]] file
#        SEED=n USERS=n ITEMS=n                            the generated dataset (7, 1000, 2000: the CI test's)
set -euo pipefail
cd "$(dirname "$0")/../.."
SEED=${SEED:-7}
USERS=${USERS:-1000}
ITEMS=${ITEMS:-2000}

mvn -o -q test-compile
CP=target/test-classes:target/classes
if [ -z "${FILE:-}" ]; then
  FILE=target/recommend-synthetic-$SEED-$USERS-$ITEMS.csv
  java -cp "$CP" io.reelay.recommend.eval.SyntheticDataset "$FILE" --seed "$SEED" --users "$USERS" --items "$ITEMS"
fi
java -cp "$CP" io.reelay.recommend.eval.Evaluator "$FILE" "$@"
