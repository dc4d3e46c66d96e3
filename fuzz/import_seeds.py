#!/usr/bin/env python3
"""Seeds for the import targets: writes corpus/import_docx/ and corpus/import_txt/.

import_docx inputs are a flags byte and then either a whole .docx (odd flags) or the parts
document.xml, document.xml.rels, styles.xml and an image joined by two NUL bytes (even flags),
which the target zips itself. import_txt inputs are a flags byte (the --encoding) and the file.
Run from fuzz/: python3 import_seeds.py
"""
import hashlib
import io
import os
import zipfile

W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
     'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
     'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
     'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def p(text, ppr="", rpr=""):
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


C = '<w:jc w:val="center"/>'
R = '<w:jc w:val="right"/>'
H = '<w:rFonts w:eastAsia="黑体"/>'
K = '<w:rFonts w:eastAsia="楷体_GB2312"/>'
BODIES = [
    p("江陵县人大常委会", C) + p("关于县人民政府优化营商环境工作情况报告的审议意见", C)
    + p("（2025年6月27日在江陵县第七届人民代表大会常务委员会第二十二次会议上）", C, K)
    + p("县人民政府：") + p("一、总体评价", "", H) + p("（一）政策体系逐步健全。县政府先后出台了文件。", "", K)
    + p("江陵县人大常委会", R) + p("2025年6月30日", R),
    p("工作报告", '<w:pStyle w:val="Title"/>') + p("过去一年的主要工作", '<w:pStyle w:val="1"/>')
    + '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t>2024年</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r>'
    '<w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>',
    '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="座谈会现场"/><a:graphic>'
    '<a:blip r:embed="rId1"/></a:graphic></wp:inline></w:drawing></w:r></w:p><w:p><w:r><w:t>正文&amp;&#x3002;</w:t>'
    '<w:br/><w:tab/><w:t>第二行</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:t>一</w:t></mc:Choice>'
    '<mc:Fallback><w:t>二</w:t></mc:Fallback></mc:AlternateContent></w:r><w:del><w:r><w:delText>删</w:delText>'
    '</w:r></w:del><w:r><w:footnoteReference w:id="1"/></w:r></w:p><w:p><w:pPr><w:numPr/><w:outlineLvl w:val="1"/>'
    '</w:pPr><w:r><w:rPr><w:b/><w:rStyle w:val="Strong"/></w:rPr><w:t>加粗</w:t></w:r></w:p>',
]
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="image" Target="media/image1.png"/>'
        '<Relationship Id="rId2" Type="image" Target="http://example.org/a.png" TargetMode="External"/></Relationships>')
STYLES = ('<w:styles xmlns:w="x"><w:style w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>'
          '<w:style w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:styleId="Strong"><w:rPr><w:b/>'
          '<w:rFonts w:eastAsia="黑体"/></w:rPr></w:style><w:style w:styleId="2"><w:name w:val="标题 2"/><w:pPr>'
          '<w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>')
PNG = b"\x89PNG\r\n\x1a\n" + b"x" * 20


def save(target, data):
    os.makedirs(f"corpus/{target}", exist_ok=True)
    with open(f"corpus/{target}/" + hashlib.md5(data).hexdigest()[:16], "wb") as f:
        f.write(data)


for body in BODIES:
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>'
    for flags in (0, 2, 4):
        save("import_docx", bytes([flags]) + b"\0\0".join([doc.encode(), RELS.encode(), STYLES.encode(), PNG]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", doc)
        z.writestr("word/_rels/document.xml.rels", RELS)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/media/image1.png", PNG)
    save("import_docx", bytes([1]) + buf.getvalue())
with open("../tests/fixtures/authoring/errors/E068-too-large/report.docx", "rb") as f:
    save("import_docx", bytes([1]) + f.read())

for name in ["seed-report.txt", "errors/E062-encoding/report.txt", "errors/E065-target-exists/report.txt",
             "errors/E063-not-a-report/report.txt"]:
    with open(f"../tests/fixtures/authoring/{name}", "rb") as f:
        data = f.read()
    for flags in (0, 1, 2, 8):
        save("import_txt", bytes([flags]) + data)
    try:
        text = data.decode("utf-8")
        save("import_txt", bytes([0]) + text.encode("gb18030"))
        save("import_txt", bytes([0]) + b"\xff\xfe" + text.encode("utf-16le"))
    except UnicodeDecodeError:
        pass
