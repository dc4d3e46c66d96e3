#!/usr/bin/env python3
"""Builds the search-quality site from the real reports in ../shared/corpus/gov-work-reports/.

    python3 bench/search-quality/make-site.py CORPUS_DIR SITE_DIR [--gazette target/debug/gazette] [--limit N]

Each report goes through `gazette import --dry-run` (the importer an editor uses), then:
- a missing date becomes YYYY-01-15 of the file's year; the title is prefixed with the city when
  it does not name it (many reports are titled just 政府工作报告);
- every report gets a made-up 文号 (doc_number) `<city initial>府〔YEAR〕N号`, so a 文号 can be
  searched (the corpus has none);
- the importer's escaped HTML comments (`\\<!-- … --\\>`, photo captions) are put back as
  comments, as an editor pasting web text would have them.
Writes SITE_DIR/site.yaml, SITE_DIR/content/reports/YEAR/*.md, and SITE_DIR/truth.json: per page,
its URL path and the text a reader can find it by (title, heading block, body; comments and
Markdown marks removed, whitespace removed), from which run.cjs computes the ground truth.
"""
import json, os, re, subprocess, sys, argparse

p = argparse.ArgumentParser()
p.add_argument('corpus'); p.add_argument('site')
p.add_argument('--gazette', default='target/debug/gazette')
p.add_argument('--limit', type=int, default=0, help='every Nth report only (0: all)')
a = p.parse_args()

os.makedirs(os.path.join(a.site, 'content', 'reports'), exist_ok=True)
with open(os.path.join(a.site, 'site.yaml'), 'w') as f:
    f.write('title: 政府工作报告库\nbase_url: https://example.gov.cn/\nlanguage: zh-CN\nsearch: true\n'
            'paginate: 20\nslugify: pinyin\nmarkdown:\n  unsafe_html: false\n'
            'check:\n  stale_site_days: 0\n  stale_section_days: 0\n')

cities = sorted(os.listdir(a.corpus))
files = [(c, y) for c in cities if os.path.isdir(os.path.join(a.corpus, c))
         for y in sorted(os.listdir(os.path.join(a.corpus, c))) if y.endswith('.txt')]
if a.limit:
    files = files[::a.limit]
truth = []
for n, (city, name) in enumerate(files):
    stem = name[:-4]
    year = stem[:4]
    src = os.path.join(a.corpus, city, name)
    md = subprocess.run([a.gazette, 'import', '--root', a.site, '--dry-run', src],
                        capture_output=True, text=True).stdout
    if not md.startswith('---\n'):
        print('skipped', src, file=sys.stderr); continue
    end = md.index('\n---\n', 4)
    fm, body = md[4:end], md[end + 5:]
    fm_lines = [l for l in fm.split('\n') if l and not l.startswith('#')]
    fields = {}
    for l in fm_lines:
        k, _, v = l.partition(':')
        fields[k.strip()] = v.split('  #')[0].strip()
    title = fields.get('title', '政府工作报告').strip('"\'')
    short = city.rstrip('市')
    if short not in title:
        title = f'{city}{year}年{title}'
    fields['title'] = title
    if not fields.get('date'):
        fields['date'] = f'{year}-01-15'
    doc = f'{short[0]}府〔{year}〕{n + 1}号'
    fields['doc_number'] = doc
    fields['topics'] = '[]'
    body = re.sub(r'\\<!--(.*?)--\\>', r'<!--\1-->', body, flags=re.S)
    out = '---\n' + ''.join(f'{k}: {json.dumps(v, ensure_ascii=False) if k not in ("date", "topics") else v}\n'
                            for k, v in fields.items()) + '---\n' + body
    slug = f'r{cities.index(city):02d}-{stem}'
    path = os.path.join(a.site, 'content', 'reports', year, slug + '.md')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(out)
    text = re.sub(r'<!--.*?-->', '', body, flags=re.S)
    text = re.sub(r'[*#>\\`_]|^\s*[-+]\s', '', text, flags=re.M)
    heading = ' '.join(fields.get(k, '').strip('"') for k in ('speaker', 'speaker_title', 'meeting', 'doc_number'))
    truth.append({'url': f'/reports/{year}/{slug}/', 'year': int(year), 'city': city, 'title': title,
                  'doc_number': doc, 'speaker': fields.get('speaker', '').strip('"'),
                  'text': re.sub(r'\s+', '', f'{title} {heading} {text}').lower()})
with open(os.path.join(a.site, 'truth.json'), 'w') as f:
    json.dump(truth, f, ensure_ascii=False)
print(f'{len(truth)} reports written to {a.site}')
