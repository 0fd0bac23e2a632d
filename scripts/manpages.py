#!/usr/bin/env python3
"""Man pages generated from what the programs and the sample say about themselves.

  manpages.py command CATALOGCTL SECTION > catalogctl.1
      from `CATALOGCTL --experimental-dump-help` (ArgumentParser's description of every
      command, option and argument), so the page cannot drift from the binary.
  manpages.py config samples/catalogd.toml > catalogd.toml.5
      from the sample configuration, whose comments are the configuration reference: every
      table and key with the text above it and its embedded default.
"""
import json
import re
import subprocess
import sys
import datetime

DATE = datetime.date.today().isoformat()


def esc(text):
    """Text safe in a groff line: backslashes doubled, a leading dot or quote escaped."""
    text = (text or "").replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line[:1] in (".", "'") else line for line in text.split("\n"))


def option_line(argument):
    names = argument.get("names") or []
    spelled = ", ".join(("--" if n["kind"] == "long" else "-") + n["name"] for n in names)
    if argument["kind"] == "positional":
        spelled = "<" + argument.get("valueName", "value") + ">"
    elif argument["kind"] == "option":
        spelled += " <" + argument.get("valueName", "value") + ">"
    return spelled


def command_page(tool, section):
    info = json.loads(subprocess.run([tool, "--experimental-dump-help"], check=True, capture_output=True, text=True).stdout)["command"]
    name = info["commandName"]
    out = [f'.TH {name.upper()} {section} "{DATE}" "catalogd" "catalogd manual"',
           ".SH NAME", f"{esc(name)} \\- {esc(info.get('abstract', ''))}",
           ".SH SYNOPSIS", f".B {esc(name)}", ("\\fIcommand\\fR [\\fIoptions\\fR]" if info.get("subcommands") else "[\\fIoptions\\fR]")]
    if info.get("discussion"):
        out += [".SH DESCRIPTION", esc(info["discussion"])]

    def arguments(command):
        lines = []
        for argument in command.get("arguments") or []:
            if not argument.get("shouldDisplay", True) or argument.get("preferredName", {}).get("name") in ("help", "version"):
                continue
            lines += [".TP", "\\fB" + esc(option_line(argument)) + "\\fR", esc(argument.get("abstract", "") + (f" {argument['discussion']}" if argument.get("discussion") else ""))]
        return lines

    top = arguments(info)
    if top:
        out += [".SH OPTIONS"] + top

    def walk(command, path):
        lines = []
        for sub in command.get("subcommands") or []:
            if not sub.get("shouldDisplay", True):
                continue
            full = path + [sub["commandName"]]
            lines += [".SS " + esc(" ".join(full)), esc(sub.get("abstract", ""))]
            if sub.get("discussion"):
                lines += [".PP", esc(sub["discussion"])]
            args = arguments(sub)
            if args:
                lines += [".RS"] + args + [".RE"]
            lines += walk(sub, full)
        return lines

    commands = walk(info, [name])
    if commands:
        out += [".SH COMMANDS"] + commands
    out += [".SH SEE ALSO", "\\fBcatalogd\\fR(8), \\fBcatalogctl\\fR(1), \\fBcatalogd.toml\\fR(5)"]
    return "\n".join(out) + "\n"


def config_page(sample):
    lines = open(sample, encoding="utf-8").read().split("\n")
    out = ['.TH CATALOGD.TOML 5 "%s" "catalogd" "catalogd manual"' % DATE,
           ".SH NAME", "catalogd.toml \\- catalogd's configuration",
           ".SH SYNOPSIS", "/etc/catalogd/catalogd.toml, /etc/catalogd/\\fITENANT\\fR.toml",
           ".SH DESCRIPTION"]
    key_pattern = re.compile(r"^([A-Za-z0-9_]+)\s*=\s*(.+)$")
    comment = []
    intro = True
    in_table = False

    def key(name, value, commented):
        nonlocal in_table, comment
        if not in_table:
            out.append(".SH TOP LEVEL")
            in_table = True
        text = " ".join(c for c in comment if c) or "See the sample."
        shown = "\\fB%s\\fR = %s" % (esc(name), esc(value))
        out.extend([".TP", shown + (" (commented out in the sample)" if commented else ""), esc(text)])
        comment = []

    for line in lines:
        stripped = line.strip()
        if not stripped:
            if intro and comment:
                out.append(esc(" ".join(comment)))
                comment = []
                intro = False
            continue
        if stripped.startswith("#"):
            content = stripped.lstrip("#").strip()
            found = key_pattern.match(content)
            if found and not intro:
                key(found.group(1), found.group(2), True)
            else:
                comment.append(content)
            continue
        intro = False
        table = re.match(r"^\[\[?([A-Za-z0-9_.]+)\]\]?$", stripped)
        if table:
            out.append(".SH " + esc(stripped))
            if comment:
                out.append(esc(" ".join(c for c in comment if c)))
            comment = []
            in_table = True
            continue
        found = key_pattern.match(stripped)
        if found:
            key(found.group(1), found.group(2), False)
    out += [".SH FILES", "The commented sample is installed as /etc/catalogd/catalogd.toml; every key is optional.",
            ".SH SEE ALSO", "\\fBcatalogd\\fR(8), \\fBcatalogctl\\fR(1)"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if sys.argv[1] == "command":
        sys.stdout.write(command_page(sys.argv[2], sys.argv[3]))
    else:
        sys.stdout.write(config_page(sys.argv[2]))
