# fish completion for needlescreen(1), installed as
# share/fish/vendor_completions.d/needlescreen.fish. Static: completing never
# runs needlescreen nor reads a record or a rule file.
# tests/package/completions.sh fails when an option some command's --help
# prints is missing from the lines of that command below.

# The command the line names so far: "" (none yet), check, interview, rules,
# "rules test", "rules lint", "rules doc", "rules cases", "rules diff", template, schema, serve. A first
# word that is no command is a record file: check is the default command.
function __needlescreen_command
    set -l words (commandline -opc)
    set -e words[1]
    if test (count $words) -eq 0
        echo ''
        return
    end
    switch $words[1]
        case check interview template schema serve
            echo $words[1]
        case rules
            if test (count $words) -ge 2; and contains -- $words[2] test lint doc cases diff
                echo "rules $words[2]"
            else
                echo rules
            end
        case '*'
            echo check
    end
end

function __needlescreen_is
    test "$(__needlescreen_command)" = "$argv[1]"
end

# --fail-on DECISION[,DECISION...]: the decisions not yet named, after the
# ones before the last comma.
function __needlescreen_decisions
    set -l token (string replace -r -- '^--fail-on=' '' (commandline -ct))
    set -l head (string match -r -- '^.*,' $token)
    for decision in proceed wait swap refer incomplete error
        contains -- $decision (string split , -- $head); and continue
        echo $head$decision
    end
end


# needlescreen
complete -c needlescreen -n "__needlescreen_is ''" -s h -l help -d 'Print help and exit'
complete -c needlescreen -n "__needlescreen_is ''" -l version -d 'Print the version and the built-in pack\'s digest'
complete -c needlescreen -n "__needlescreen_is ''" -a check -d 'Screen intake records (the default command)'
complete -c needlescreen -n "__needlescreen_is ''" -a interview -d 'Guided pre-session screen'
complete -c needlescreen -n "__needlescreen_is ''" -a rules -d 'Rule authoring: test, lint, doc, cases, diff'
complete -c needlescreen -n "__needlescreen_is ''" -a template -d 'A blank intake record for the pack'
complete -c needlescreen -n "__needlescreen_is ''" -a schema -d 'JSON Schema of intake or output records'
complete -c needlescreen -n "__needlescreen_is ''" -a serve -d 'Serve the screen as a CDS Hooks service'

# needlescreen check [FILE...]
set -l is "__needlescreen_is check"
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'
complete -c needlescreen -n $is -l format -x -a 'text json jsonl csv html' -d 'Output format'
complete -c needlescreen -n $is -l input-format -x -a 'yaml json jsonl csv fhir' -d 'Input format'
complete -c needlescreen -n $is -l at -x -a now -d 'Screening time for records without screened_at'
complete -c needlescreen -n $is -l set -x -d 'PATH=VALUE: a default for every record'
complete -c needlescreen -n $is -l fail-on -x -a '(__needlescreen_decisions)' -d 'Exit 1 if any of these decisions occur'
complete -c needlescreen -n $is -l explain -d 'Show every rule\'s verdict and the values it read'
complete -c needlescreen -n $is -l counterfactual -d 'The smallest changes that would make each record proceed'
complete -c needlescreen -n $is -l strict -d 'Unknown fields make the record an error'
complete -c needlescreen -n $is -l quiet -d 'No warnings on stderr'
complete -c needlescreen -n $is -l summary -d 'Counts per decision and throughput on stderr'
complete -c needlescreen -n $is -l max-record-bytes -x -d 'Longest JSON Lines / CSV record accepted'
complete -c needlescreen -n $is -l jobs -x -d 'Threads screening JSON Lines / CSV (0: one per core)'
complete -c needlescreen -n $is -l record-offset -x -d 'Number records and lines as if N records came before this input'
complete -c needlescreen -n $is -l no-header -d 'CSV output without its header row'

# needlescreen interview
set -l is "__needlescreen_is interview"
complete -c needlescreen -n $is -f
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'
complete -c needlescreen -n $is -l format -x -a 'text json jsonl csv' -d 'Result format on stdout'
complete -c needlescreen -n $is -l at -x -a now -d 'Screening time'
complete -c needlescreen -n $is -l set -x -d 'PATH=VALUE: known beforehand, never asked'
complete -c needlescreen -n $is -l explain -d 'Show every rule\'s verdict and the values it read'
complete -c needlescreen -n $is -l save -r -F -d 'Write the answers as an intake record'
complete -c needlescreen -n $is -l force -d 'Let --save overwrite an existing file'
complete -c needlescreen -n $is -l strict -d 'Refuse a rule pack outside its effective period'

# needlescreen rules
set -l is "__needlescreen_is rules"
complete -c needlescreen -n $is -f
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -a test -d 'Run rule test cases against the pack, with rule coverage'
complete -c needlescreen -n $is -a lint -d 'Check rule files: every load error and likely mistakes'
complete -c needlescreen -n $is -a doc -d 'The pack as Markdown or a Graphviz decision diagram'
complete -c needlescreen -n $is -a cases -d 'Boundary cases of the pack as a rule-test file'
complete -c needlescreen -n $is -a diff -d 'Compare two packs and the decisions they give'

# needlescreen rules cases
set -l is "__needlescreen_is 'rules cases'"
complete -c needlescreen -n $is -f
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'
complete -c needlescreen -n $is -l at -x -a now -d 'Screening time of the cases'

# needlescreen rules diff OLD NEW [RECORDS...] (OLD, NEW: a rule file or directory, or builtin)
set -l is "__needlescreen_is 'rules diff'"
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -a builtin -d 'The built-in pack'
complete -c needlescreen -n $is -l format -x -a 'text json' -d 'Output format'
complete -c needlescreen -n $is -l input-format -x -a 'yaml json jsonl csv fhir' -d 'Input format'
complete -c needlescreen -n $is -l at -x -a now -d 'Screening time for records without screened_at'
complete -c needlescreen -n $is -l set -x -d 'PATH=VALUE: a default for every record'
complete -c needlescreen -n $is -l quiet -d 'No warnings on stderr'

# needlescreen rules test [PATH...]
set -l is "__needlescreen_is 'rules test'"
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'
complete -c needlescreen -n $is -l format -x -a 'text json' -d 'Output format'
complete -c needlescreen -n $is -s v -l verbose -d 'List passing cases too'
complete -c needlescreen -n $is -l coverage-min -x -d 'Exit 1 when rule coverage is below this percentage'

# needlescreen rules lint [PATH...]
set -l is "__needlescreen_is 'rules lint'"
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l format -x -a 'text json' -d 'Output format'
complete -c needlescreen -n $is -l at -x -a now -d 'Time the review dates are checked at'

# needlescreen rules doc
set -l is "__needlescreen_is 'rules doc'"
complete -c needlescreen -n $is -f
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l format -x -a 'md dot' -d 'md (Markdown) or dot (Graphviz)'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'

# needlescreen template
set -l is "__needlescreen_is template"
complete -c needlescreen -n $is -f
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l format -x -a 'yaml json csv fhir' -d 'Record format'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'

# needlescreen schema [intake|output]
set -l is "__needlescreen_is schema"
complete -c needlescreen -n $is -f
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -a 'intake output' -d 'Schema of'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'
complete -c needlescreen -n $is -l strict -d 'intake: reject keys the pack does not declare'

# needlescreen serve
set -l is "__needlescreen_is serve"
complete -c needlescreen -n $is -f
complete -c needlescreen -n $is -s h -l help -d 'Print help and exit'
complete -c needlescreen -n $is -l listen -x -d 'ADDR:PORT to listen on'
complete -c needlescreen -n $is -l rules -r -F -d 'Rule file or directory; replaces the built-in pack'
complete -c needlescreen -n $is -l set -x -d 'PATH=VALUE: a default for every request\'s record'
complete -c needlescreen -n $is -l trust -x -d 'ISSUER=KEY.pem: accept JWTs from ISSUER signed with this key'
complete -c needlescreen -n $is -l public-url -x -d 'Base URL clients call'
complete -c needlescreen -n $is -l threads -x -d 'Worker threads'
complete -c needlescreen -n $is -l queue -x -d 'Connections waiting for a worker before 503'
complete -c needlescreen -n $is -l max-body -x -d 'Largest request body in bytes'
complete -c needlescreen -n $is -l timeout -x -d 'Read, write and keep-alive idle timeout in seconds'
complete -c needlescreen -n $is -l strict -d 'Refuse a rule pack outside its effective period'
