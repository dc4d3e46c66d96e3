//! `gazette import` of reports from every level of government and the autonomous regions (issue
//! 18 §6): the speaker's office and name, the meeting, the date and the title of each, and the
//! headings, own-line and run-in, at the levels their numbering gives. The reports in
//! `tests/fixtures/authoring/levels/` are written for these tests in the shapes real ones take.

use std::path::Path;

use gazette::diag::Source;
use gazette::pipeline::front_matter::{self, PageMeta};

use crate::support::{gazette, repo};

struct Case {
    file: &'static str,
    title: &'static str,
    date: &'static str,
    meeting: &'static str,
    speaker: &'static str,
    speaker_title: &'static str,
    /// Every heading of the body, in order, as Markdown.
    headings: &'static [&'static str],
    /// A paragraph the body must hold as a line of its own (the text after a run-in heading).
    paragraph: &'static str,
}

const CASES: &[Case] = &[
    Case {
        file: "zizhizhou-zhouzhang.txt",
        title: "黔东南苗族侗族自治州人民政府工作报告",
        date: "2025-01-08",
        meeting: "黔东南苗族侗族自治州第十五届人民代表大会第五次会议",
        speaker: "杨林",
        speaker_title: "自治州州长",
        headings: &[
            "## 一、2024年工作回顾",
            "### （一）坚持项目为王，经济运行稳中向好",
            "### （二）坚持农业优先，乡村振兴扎实推进",
            "## 二、2025年主要任务",
            "### （一）着力发展特色产业",
            "### （二）着力保障和改善民生",
        ],
        paragraph: "全年实施重点项目426个，完成投资318亿元。",
    },
    Case {
        file: "meng-menzhang.txt",
        title: "锡林郭勒盟行政公署工作报告",
        date: "2024-02-26",
        meeting: "锡林郭勒盟第五届人民代表大会第三次会议",
        speaker: "巴特尔",
        speaker_title: "锡林郭勒盟盟长",
        headings: &[
            "## 第一部分 2023年工作回顾",
            "### 一、牧区现代化稳步推进",
            "### 二、能源基地建设提速",
            "## 第二部分 2024年重点工作",
            "### 一、筑牢我国北方重要生态安全屏障",
            "### 二、建设国家重要能源和战略资源基地",
        ],
        paragraph: "新建标准化棚圈1600座，推广舍饲半舍饲养殖。",
    },
    Case {
        file: "qi-qizhang.txt",
        title: "鄂托克旗人民政府工作报告",
        date: "2024-01-12",
        meeting: "鄂托克旗第十八届人民代表大会第四次会议",
        speaker: "乌兰巴特尔",
        speaker_title: "旗人民政府旗长",
        headings: &[
            "## 一、过去一年工作回顾",
            "### 1.产业转型升级",
            "### 2.民生保障有力",
            "## 二、2024年工作安排",
            "### 1.稳住经济基本盘",
        ],
        paragraph: "2023年，全旗地区生产总值增长7.5%，一般公共预算收入突破50亿元。",
    },
    Case {
        file: "zizhiqu-zhuxi.txt",
        title: "新疆维吾尔自治区人民政府工作报告",
        date: "2025-01-20",
        meeting: "新疆维吾尔自治区第十四届人民代表大会第四次会议",
        speaker: "阿不都热依木·买买提",
        speaker_title: "自治区主席",
        headings: &[
            "## 一、2024年工作回顾",
            "### （一）经济运行回升向好",
            "### （二）改革开放纵深推进",
            "## 二、2025年工作安排",
            "### （一）大力推进高质量发展",
            "#### 1.做强农业",
            "#### 2.做优工业",
        ],
        paragraph: "稳定粮食播种面积，建设优质棉花生产基地。",
    },
    Case {
        file: "weiyuanzhang.txt",
        title: "全国人民代表大会常务委员会工作报告",
        date: "2025-03-08",
        meeting: "第十四届全国人民代表大会第三次会议",
        speaker: "王文德",
        speaker_title: "全国人民代表大会常务委员会委员长",
        headings: &[
            "## 过去一年的主要工作",
            "### 一、坚持党的全面领导",
            "### 二、加强重点领域立法",
            "#### （一）完善国家机构组织法律制度",
            "#### （二）健全经济领域立法",
            "## 今后一年的主要任务",
            "### 一、加强宪法实施和监督",
        ],
        paragraph: "全年审议法律案34件，通过其中24件。",
    },
    Case {
        file: "daili-shizhang.txt",
        title: "呼伦贝尔市人民政府工作报告",
        date: "2024-01-16",
        meeting: "呼伦贝尔市第五届人民代表大会第四次会议",
        speaker: "王勇",
        speaker_title: "呼伦贝尔市人民政府代理市长",
        headings: &[
            "## 一、2023年工作回顾",
            "### （一）产业结构持续优化",
            "### （二）城乡面貌焕然一新",
            "## 二、2024年主要目标和重点工作",
            "### （一）坚定不移抓项目扩投资",
        ],
        paragraph: "过去一年，全市地区生产总值增长6.5%，经济总量迈上新台阶。",
    },
    Case {
        file: "xian-renda-zhuren.txt",
        title: "安化县人民代表大会常务委员会工作报告",
        date: "2024-01-10",
        meeting: "安化县第十八届人民代表大会第四次会议",
        speaker: "刘德明",
        speaker_title: "县人大常委会主任",
        headings: &[
            "## 过去一年的主要工作",
            "### 一、坚持正确政治方向",
            "### 二、依法履行监督职责",
            "#### （一）强化财政预算监督",
            "#### （二）推进法律法规实施",
            "### 三、扎实推进代表工作",
            "## 2024年的主要任务",
            "### 一、聚焦中心大局履职尽责",
        ],
        paragraph: "常委会始终坚持党的全面领导，重大事项及时向县委请示报告。",
    },
    Case {
        file: "xianzhang-no-space.txt",
        title: "2024年政府工作报告",
        date: "2024-01-09",
        meeting: "平江县第十八届人民代表大会第四次会议",
        speaker: "赵立新",
        speaker_title: "平江县人民政府县长",
        headings: &[
            "## 一、2023年工作回顾",
            "### （一）项目建设成效明显",
            "### （二）民生福祉持续增进",
            "## 二、2024年重点工作",
            "### （一）全力扩大有效投资",
        ],
        paragraph: "全年新开工重点项目86个，完成投资142亿元。",
    },
];

fn parse_meta(markdown: &str) -> PageMeta {
    let source = Source { path: "page.md".into(), text: markdown.into() };
    let split = front_matter::split(&source, markdown).unwrap();
    front_matter::parse_page(&source, &split, &["topics".into(), "types".into()])
        .unwrap_or_else(|d| panic!("{}", d[0].render(false)))
}

#[test]
fn import_knows_every_level_of_government() {
    let dir = tempfile::tempdir().unwrap();
    let init = gazette(&["init", "site"], Some(dir.path()));
    assert_eq!(init.code, 0, "{}", init.stderr);
    let root = dir.path().join("site");
    for case in CASES {
        let file = repo().join("tests/fixtures/authoring/levels").join(case.file);
        // a section each: two reports titled 政府工作报告 in one year would share a URL
        let section = case.file.trim_end_matches(".txt");
        let run = gazette(&["import", file.to_str().unwrap(), "--section", section], Some(&root));
        assert_eq!(run.code, 0, "{}: {}", case.file, run.stderr);
        let markdown = std::fs::read_to_string(root.join(run.stdout.trim())).unwrap();
        let meta = parse_meta(&markdown);
        let got = (
            meta.title.as_deref(),
            meta.date.map(|d| d.date.to_string()),
            meta.meeting.as_deref(),
            meta.speaker.as_deref(),
            meta.speaker_title.as_deref(),
            meta.doc_type.as_deref(),
        );
        let expected = (
            Some(case.title),
            Some(case.date.to_string()),
            Some(case.meeting),
            Some(case.speaker),
            Some(case.speaker_title),
            Some("工作报告"),
        );
        assert_eq!(got, expected, "{}", case.file);
        let body = body(&markdown);
        let headings: Vec<&str> = body.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(headings, case.headings, "{}", case.file);
        assert!(
            body.lines().any(|l| l == case.paragraph),
            "{}: no paragraph {:?} in\n{body}",
            case.file,
            case.paragraph
        );
        assert_no_text_lost(&file, body);
    }
    // the imported reports build
    let build = gazette(&["build"], Some(&root));
    assert_eq!(build.code, 0, "{}", build.stderr);
}

fn body(markdown: &str) -> &str {
    let rest = markdown.strip_prefix("---\n").unwrap();
    &rest[rest.find("\n---\n").unwrap() + 5..]
}

/// Every character of the source's body (from `各位代表` on) is in the page, in order: headings
/// split from their paragraphs lose only their closing `。`.
fn assert_no_text_lost(file: &Path, body: &str) {
    let source = std::fs::read_to_string(file).unwrap();
    let strip = |s: &str| -> String {
        s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | '#' | '\\' | '。')).collect()
    };
    let from = source.find("各位代表").unwrap();
    assert_eq!(strip(body), strip(&source[from..]), "{}", file.display());
}
