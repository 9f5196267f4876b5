#!/bin/sh
# Seeds fuzz/corpus/{tree,scores} from ../shared/corpus/wild: the first byte of an input picks the
# format (0 xlsx, 1 xlsb, 2 xls, 3 ods, 4 csv, 5 docx, 6 doc, 7 txt), the rest is the file.
# Then: cargo +nightly fuzz run tree -- -max_total_time=300 -rss_limit_mb=1024 -timeout=5
set -eu
cd "$(dirname "$0")"
wild=../../shared/corpus/wild
for target in tree scores; do
    mkdir -p "corpus/$target"
    for file in "$wild"/*; do
        case "$(echo "${file##*.}" | tr 'A-Z' 'a-z')" in
            xlsx|xlsm) byte='\000' ;;
            xlsb) byte='\001' ;;
            xls) byte='\002' ;;
            ods) byte='\003' ;;
            csv) byte='\004' ;;
            *) continue ;;
        esac
        { printf "$byte"; cat "$file"; } > "corpus/$target/$(basename "$file")"
    done
done
printf '\004一级指标,二级指标,三级指标,编号,分值\n一,甲,审批事项公开,1.1.1,10\n' > corpus/tree/tree.csv
printf '\004单位,编号,得分\n甲区,1.1.1,8\n甲区,1.1.2,12\n' > corpus/scores/scores.csv
for file in ../tests/fixtures/documents/*.docx; do { printf '\005'; cat "$file"; } > "corpus/tree/$(basename "$file")"; done
for file in ../tests/fixtures/documents/*.txt; do { printf '\007'; cat "$file"; } > "corpus/tree/$(basename "$file")"; done
