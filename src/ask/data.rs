use super::parties::names_a_party;
use super::*;

/// The names a question about `ty` is about: `ty` itself; for a category's umbrella type
/// (位置信息 for 个人位置信息), the category's narrower types (精准定位信息, GPS 位置 …); for a
/// reader's name of a class of sensitive information (健康信息), every type sensitive for
/// that class's reason (病历, 心率 …); and a
/// type named after it in its category (`通讯录权限` for 通讯录).
pub(crate) fn type_covers<'l>(
    ty: &'l crate::lexicon::DataType,
    lexicon: &'l Lexicon,
) -> impl Fn(&String) -> bool + Copy + 'l {
    let umbrella = ty.category.contains(ty.canonical.as_str());
    let class: Option<&'static str> = UMBRELLA_TYPES
        .iter()
        .find(|(t, _)| *t == ty.canonical)
        .map(|(_, reason)| *reason);
    move |name: &String| {
        *name == ty.canonical
            || lexicon.data_type(name).is_some_and(|t| {
                (t.category == ty.category && (umbrella || t.canonical.starts_with(&ty.canonical)))
                    || class.is_some_and(|c| t.reason.as_deref() == Some(c))
            })
            || ACCESS_PERMISSIONS
                .iter()
                .any(|(data, permission)| *data == ty.canonical && permission == name)
    }
}

/// Each data type and a system permission an app reads it through, named otherwise
/// (`data/ask/access_permissions.tsv`: 语音信息 → 麦克风权限).
static ACCESS_PERMISSIONS: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
    std::sync::LazyLock::new(|| pairs_of(include_str!("../../data/ask/access_permissions.tsv")));

/// The rows of a two-column table under `data/ask/` (tab-separated; blank and `#` lines skipped).
pub(super) fn pairs_of(tsv: &'static str) -> Vec<(&'static str, &'static str)> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.trim(), b.trim()))
        .collect()
}

/// The types a reader uses for a whole class of sensitive information, and the lexicon's
/// reason that class is sensitive for (`data/ask/umbrella_types.tsv`: 健康信息 → 医疗健康).
static UMBRELLA_TYPES: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
    std::sync::LazyLock::new(|| pairs_of(include_str!("../../data/ask/umbrella_types.tsv")));

/// Each data type and the broader type a policy often names instead
/// (`data/ask/broader_types.tsv`: 身份证号码 → 身份证件信息).
static BROADER_TYPES: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
    std::sync::LazyLock::new(|| pairs_of(include_str!("../../data/ask/broader_types.tsv")));

/// The broader type a policy may name instead of `canonical`, if the table has one.
pub(crate) fn broader_type(canonical: &str) -> Option<&'static str> {
    BROADER_TYPES
        .iter()
        .find(|(t, _)| *t == canonical)
        .map(|&(_, b)| b)
}

/// [`by_data`]; of a policy that says nothing of `ty` — no clause, use or receiver, no verdict
/// either way — the answer for the first broader type up its chain the policy does say
/// something of ([`broader_type`]: 游潇湘's 「在您实名认证时，需提供身份证信息」 answers
/// 「会收集我的身份证号吗」), still titled with the asked type and saying which type answered it;
/// its 是 becomes 可能 ([`Verdict::Possibly`]): that the narrower item is among what it takes
/// is the reader's inference, not the policy's words.
pub(super) fn by_data_or_broader(
    question: &Question,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    ty: &crate::lexicon::DataType,
    app: String,
    policy_title: Option<String>,
) -> DataAnswer {
    // (Asked whether the app collects it, the SDK records that list it say nothing of the
    // app's own collection: a broader type the policy states may still answer.)
    let asked_sharing = action_matches(question.action, Label::Share);
    let says_nothing = |a: &DataAnswer| {
        a.evidence.is_empty()
            && a.purposes.is_empty()
            && (a.receivers.is_empty() || !asked_sharing)
            && a.yes_no
                .as_ref()
                .is_none_or(|v| v.verdict == Verdict::NotMentioned)
    };
    let (answer, _) = by_data(
        question,
        chosen,
        lexicon,
        ty,
        false,
        app.clone(),
        policy_title.clone(),
    );
    if !says_nothing(&answer) {
        return answer;
    }
    let mut seen = vec![ty.canonical.as_str()];
    let mut at = ty.canonical.as_str();
    while let Some(name) = broader_type(at) {
        let Some(broader) = lexicon.data_type(name) else {
            break;
        };
        if seen.contains(&name) {
            break;
        }
        seen.push(name);
        at = name;
        // (The broader type itself: not the types it is the umbrella of, siblings of the asked
        // one — 生物识别信息 answers 指纹, not a clause collecting 面部信息.)
        // (And only what it states outright: a clause merely naming the broader type, or a
        // third party's use of it, is too weak a ground for a type the policy never names.)
        let (b, stated) = by_data(
            question,
            chosen,
            lexicon,
            broader,
            true,
            app.clone(),
            policy_title.clone(),
        );
        if !stated || says_nothing(&b) {
            continue;
        }
        return DataAnswer {
            broader_type: Some(broader.canonical.clone()),
            purposes: b.purposes,
            // (The records listing the asked type itself, when the broader type has none.)
            receivers: if b.receivers.is_empty() {
                answer.receivers.clone()
            } else {
                b.receivers
            },
            general_receivers: b.general_receivers,
            collected_only_by: b.collected_only_by,
            evidence: b.evidence,
            yes_no: b.yes_no.map(|v| YesNo {
                verdict: match v.verdict {
                    Verdict::Yes => Verdict::Possibly,
                    other => other,
                },
                evidence: v.evidence,
                contradicted_by: None,
            }),
            ..answer
        };
    }
    answer
}

/// The apps among `policies` whose practices collect (or share, as asked) the asked data type,
/// through [`practice_items`] — what each policy's summary calls collected. `apps_total`:
/// how many apps there are in all (the library may have read only those naming the type).
pub fn across_apps(
    question: &Question,
    policies: &[Analysed<'_>],
    apps_total: usize,
    lexicon: &Lexicon,
) -> Result<Answer, AskError> {
    let Some(data) = &question.data else {
        return Err(AskError::MissingDataAcrossApps);
    };
    let ty = lexicon
        .data_type_by_name(data)
        .ok_or_else(|| AskError::UnknownData {
            asked: data.clone(),
        })?;
    let covers = type_covers(ty, lexicon);
    let action = match question.action {
        ActionFilter::Share => ActionFilter::Share,
        _ => ActionFilter::Collect,
    };
    let mut apps: BTreeMap<String, AppFinding> = BTreeMap::new();
    let mut checked: BTreeSet<String> = BTreeSet::new();
    for a in policies {
        let app = a.policy.app.clone().unwrap_or_else(|| a.policy.id.clone());
        checked.insert(app.clone());
        let items = practice_items(
            a,
            |l| action_matches(action, l),
            APP_FINDING_CLAUSES,
            lexicon,
        );
        let found: Vec<&DataItem> = items
            .iter()
            .filter(|(name, _)| covers(name))
            .map(|(_, (item, _))| item)
            .collect();
        if found.is_empty() {
            continue;
        }
        let finding = apps.entry(app.clone()).or_insert_with(|| AppFinding {
            app,
            policy_id: a.policy.id.clone(),
            policy_title: a.policy.title.clone(),
            data_types: Vec::new(),
            evidence: Vec::new(),
        });
        for item in found {
            if !finding.data_types.contains(&item.data_type) {
                finding.data_types.push(item.data_type.clone());
            }
            for e in &item.evidence {
                if finding.evidence.len() < APP_FINDING_CLAUSES {
                    push_evidence(&mut finding.evidence, e.clone());
                }
            }
        }
    }
    Ok(Answer::Apps(AppsAnswer {
        data_type: ty.canonical.clone(),
        action,
        apps: apps.into_values().collect(),
        apps_checked: checked.len(),
        apps_total: apps_total.max(checked.len()),
    }))
}

/// Whether `text` (normalized) holds `ty`'s name or one of its synonyms of three chars or more
/// — inside the words of another type (智学网's 「收货人手机号码」, a 收货人信息, names a phone
/// number; not the `位置` of `崩溃发生的位置`) — and is no one else's: not the user's contacts'
/// (摩托邦's 「用户通讯录中联系人手机号码」).
fn words_of_type_within(text: &str, ty: &crate::lexicon::DataType) -> bool {
    const OTHERS: [&str; 3] = ["通讯录", "联系人", "好友"];
    !OTHERS.iter().any(|w| text.contains(w))
        && std::iter::once(&ty.canonical)
            .chain(&ty.synonyms)
            .filter(|w| w.chars().count() >= 3)
            .any(|w| text.contains(w.as_str()))
}

/// What a purpose that points back (`为实现这一功能`, [`points_back`]) is for: the known
/// purposes its practice's condition names, else the condition's feature in its own words;
/// without a condition, the known purposes its section's title names.
pub(super) fn feature_pointed_at(
    a: &Analysed,
    practice: &crate::extract::Practice,
    lexicon: &Lexicon,
) -> Option<Vec<String>> {
    // The condition: labelled, else the clause part before the purpose when it reads as one
    // (`当你需要使用贴纸定位功能时，为实现这一功能，…`).
    let condition = practice
        .condition
        .map(|c| normalize(&a.policy.visible_text(a.extraction.spans[c].span)))
        .or_else(|| {
            let purpose = a.extraction.spans[practice.purpose?].span;
            let sentence = a.policy.sentences[practice.sentence].span;
            let before = normalize(
                &a.policy
                    .visible_text(crate::document::Span::new(sentence.start, purpose.start)),
            );
            let part = before
                .trim_end_matches(['，', ','])
                .rsplit(['，', ',', '。', '；'])
                .next()?
                .trim()
                .to_string();
            (["当", "在", "如果", "若"]
                .iter()
                .any(|w| part.starts_with(w))
                && ["时", "后", "时候"].iter().any(|w| part.ends_with(w)))
            .then_some(part)
        });
    if let Some(text) = condition {
        if !REFUSING_CONDITION.iter().any(|w| text.contains(w)) {
            let feature = feature_of_condition(&text);
            if feature.chars().count() >= 2 {
                return Some(purposes_named_else_words(
                    lexicon,
                    &feature,
                    feature.clone(),
                ));
            }
        }
    }
    let block = a.policy.sentences[practice.sentence].block;
    let title = normalize(a.policy.blocks[block].section.last()?);
    let named = purposes_named_else_words(lexicon, &title, String::new());
    (!named.iter().any(String::is_empty)).then_some(named)
}

/// Files `e` as evidence of the use (or receiver) called `name`, opening it on first sight.
fn add_use(uses: &mut BTreeMap<String, Use>, name: String, e: Evidence) {
    let u = uses.entry(name.clone()).or_insert(Use {
        name,
        evidence: vec![],
    });
    push_evidence(&mut u.evidence, e);
}

/// What the policy says of data type `ty` (its uses, receivers, clauses, and a verdict for a
/// yes/no question), and whether it states it outright: a practice of the operator's own (not a
/// third party's, `第三方支付服务有可能使用生物识别信息`, nor a clause read without a practice), a
/// receiver it names, a listed record, or a denial. `itself_only`: clauses naming `ty` alone
/// count, not the narrower types [`type_covers`] finds under it.
pub(super) fn by_data(
    question: &Question,
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    ty: &crate::lexicon::DataType,
    itself_only: bool,
    app: String,
    policy_title: Option<String>,
) -> (DataAnswer, bool) {
    let mut stated = false;
    let mut purposes: BTreeMap<String, Use> = BTreeMap::new();
    let mut receivers: BTreeMap<String, Use> = BTreeMap::new();
    let mut all = Vec::new();
    // Who collects what `all` cites: the third parties its practices name as collecting it,
    // and whether any clause of it is the app's own (or says no one in particular).
    let mut third_party_collectors: Vec<String> = Vec::new();
    let mut cited_as_own = false;
    let under = type_covers(ty, lexicon);
    let canonical: &str = &ty.canonical;
    let covers = move |name: &String| {
        if itself_only {
            name == canonical
        } else {
            under(name)
        }
    };
    // Clauses that say the app does not (for a yes/no question).
    let mut denied = Vec::new();
    // Denials that hold only while the user leaves a feature off (`不使用定位相关功能时…不会读取
    // MAC地址`): the app collects the data when the feature is used.
    let mut only_if = Vec::new();
    // Clauses that name it and use it where no practice of it was read: shown, but too weak to
    // answer a yes/no question with.
    let mut mentioned = Vec::new();
    for a in chosen {
        // The clauses that name the asked data (a labelled span or a lexicon mention).
        // (Not another person's, unless contacts are asked: `您联系人的姓名和电话号码`.)
        let owned = |span: Span| ty.category == "联系人信息" || !someone_elses(a, span);
        let naming: BTreeSet<usize> = a
            .extraction
            .spans
            .iter()
            .filter(|e| e.label == Label::Data && e.data_types.iter().any(covers))
            .chain(a.extraction.mentions.iter().filter(|m| {
                m.data_types.iter().any(covers) || m.data_type.as_ref().is_some_and(covers)
            }))
            .filter(|e| owned(e.span))
            .map(|e| sentence_at(a, e.span.start))
            .collect();
        // Of those, the clauses naming it in three chars or more (`读取通讯录权限`, not the
        // `位置` of `崩溃发生的位置`), or as the user's own (`您的日历`: 腾讯日历's 「我们需要取得
        // 您的日历的读写权限」 gave the use but 「政策未提及」): a use they state answers a yes/no
        // question.
        let naming_clearly: BTreeSet<usize> = a
            .extraction
            .mentions
            .iter()
            .filter(|m| {
                (m.data_types.iter().any(covers) || m.data_type.as_ref().is_some_and(covers))
                    && (m.span.len() >= 3 || named_as_the_users(a, m.span))
                    && owned(m.span)
            })
            .map(|e| sentence_at(a, e.span.start))
            .collect();
        let mut cited: BTreeSet<usize> = BTreeSet::new();
        for practice in &a.extraction.practices {
            // A third party collecting it (`位置服务合作伙伴可能会使用您的GPS信息`) receives it.
            let collecting_parties =
                super::sdk_names::third_parties_collecting(a, practice, lexicon);
            let asked_action = action_matches(question.action, practice.action);
            // (Asked whether it is collected, who it is given to is still the answer's: 掌上大学's
            // 「…将您的包括银行卡号…与您选择的相应金融机构共享」 read 「政策没有写明把它共享给谁」.)
            let given_away = !asked_action
                && practice.action == Label::Share
                && practice.modality != Modality::Negated;
            if !asked_action && collecting_parties.is_empty() && !given_away {
                continue;
            }
            let Some(&d) = practice.data.iter().find(|&&d| {
                let span = &a.extraction.spans[d];
                let text = normalize(&a.policy.visible_text(span.span));
                // (Another person's, `您联系人的姓名和电话号码`, is no answer about the user's own
                // — unless contacts are what is asked.)
                if !owned(span.span) {
                    return false;
                }
                span.data_types.iter().any(covers)
                    || lexicon
                        .data_type_named(&text)
                        .is_some_and(|t| t.canonical == ty.canonical)
                    // Its words inside another type's (`收货人手机号码`, filed under 收货人信息, is a
                    // phone number).
                    || words_of_type_within(&text, ty)
                    // `我们会将上述信息…用于…` after clauses naming it.
                    || (is_reference(a, span, lexicon)
                        && referents(a, practice.sentence, span, lexicon)
                            .iter()
                            .any(|i| naming.contains(i)))
                    // `…收集您的设备信息。设备信息包括…位置…`.
                    || definitions_of(a, practice.sentence, span)
                        .iter()
                        .any(|i| naming.contains(i))
            }) else {
                continue;
            };
            let by_third_party = !collecting_parties.is_empty();
            let collectors: Vec<String> = collecting_parties
                .iter()
                .map(|(name, _)| name.clone())
                .collect();
            for (name, handler) in collecting_parties {
                add_use(&mut receivers, name, evidence(a, practice, handler));
            }
            // (A receiver only by a party's name, `金融机构`, not `…、联系人或联系电话`.) The app
            // that gives it away has it: a 是, unless the user is the one giving.
            if given_away && !super::purpose::said_on_a_condition(a, practice) {
                let named = super::parties::practice_receivers(a, practice, lexicon);
                if named
                    .first()
                    .is_some_and(|(n, _)| names_a_party(n, lexicon))
                {
                    for (name, span) in named {
                        add_use(&mut receivers, name, evidence(a, practice, span));
                    }
                    if question.yes_no && !given_by_the_user(a, practice) {
                        push_evidence(&mut all, evidence(a, practice, a.extraction.spans[d].span));
                        cited_as_own = true;
                    }
                }
            }
            if !asked_action {
                continue;
            }
            cited.insert(practice.sentence);
            let item = a.extraction.spans[d].span;
            if practice.modality == Modality::Negated {
                let sentence = a.policy.sentences[practice.sentence].span;
                let text = normalize(&a.policy.visible_text(sentence));
                let bucket = if denial_only_while_a_feature_is_off(&text) {
                    &mut only_if
                } else {
                    &mut denied
                };
                push_evidence(bucket, evidence(a, practice, item));
                continue;
            }
            // (`如果因业务发展的必要而需要从第三方间接收集…`: the app would do it only then.)
            if super::purpose::said_on_a_condition(a, practice) {
                push_evidence(&mut only_if, evidence(a, practice, item));
                continue;
            }
            push_evidence(&mut all, evidence(a, practice, item));
            cited_as_own |= collectors.is_empty();
            for name in collectors {
                if !third_party_collectors.contains(&name) {
                    third_party_collectors.push(name);
                }
            }
            // (Through a reference, `以下数据：`, or a definition, `设备信息包括…`, the item
            // naming it is cited too.)
            let span = &a.extraction.spans[d];
            let pointed_at = if is_reference(a, span, lexicon) {
                referents(a, practice.sentence, span, lexicon)
            } else {
                definitions_of(a, practice.sentence, span)
            };
            for si in pointed_at {
                if naming.contains(&si) {
                    let clause = a.policy.sentences[si].span;
                    push_evidence(&mut all, evidence_in(a, si, practice.action, clause));
                }
            }
            stated |= !by_third_party;
            // A purpose that trails the statement before the data (`以便…`, `用于…`: it ends
            // what precedes it) while a part after the data says what the data is for
            // (兴业银行's `…，以便使用音视频对话相关服务，您可能需要…提供病症、过敏信息、病史、病历…，
            // 以便使用医疗相关服务`): the later part's. (One that leads, `为了核实您的身份，您需要
            // 提供…`, governs the data after it.)
            let trails = |p: usize| {
                // (The marker inside the span or just before it: the labeller often leaves it out.)
                let span = a.extraction.spans[p].span;
                let sentence = a.policy.sentences[practice.sentence].span;
                let lead = crate::document::Span::new(
                    span.start.saturating_sub(2).max(sentence.start),
                    span.start,
                );
                let (lead, text) = (
                    normalize(&a.policy.visible_text(lead)),
                    normalize(&a.policy.visible_text(span)),
                );
                ["以便", "用于", "从而", "便于", "以"]
                    .iter()
                    .any(|m| text.starts_with(m) || lead.ends_with(m))
            };
            // (Not a use the policy may ask for later, in a part of its own: 天马垂钓's 「…我们会收集
            // 您的面部特征，…未来如我们拟使用您的面部信息为您提供其他产品及\或服务功能的，我们会再次与您
            // 确认」 gave the face that purpose.)
            let stated_purpose = practice
                .purpose
                .filter(|&p| !in_a_hypothetical_part(a, a.extraction.spans[p].span, item));
            let said_after = stated_purpose
                .filter(|&p| a.extraction.spans[p].span.end <= item.start && trails(p))
                .and_then(|_| {
                    let sentence = a.policy.sentences[practice.sentence].span;
                    let after = a
                        .policy
                        .visible_text(crate::document::Span::new(item.end, sentence.end));
                    let names = purposes_in_marked_parts(&normalize(&after), lexicon);
                    (!names.is_empty()).then_some(names)
                });
            if let Some(names) = said_after {
                for name in names {
                    add_use(&mut purposes, name, evidence(a, practice, item));
                }
            } else if let Some(p) = stated_purpose {
                let span = &a.extraction.spans[p];
                let text = a.policy.visible_text(span.span);
                let names = if !span.purposes.is_empty() {
                    span.purposes.clone()
                } else if points_back(&normalize(&text)) {
                    // `为实现这一功能`: the feature it points at, as its condition or its section
                    // names it (易提词's `当你需要使用地理位置功能时，为实现这一功能，我们可能会收集…`).
                    feature_pointed_at(a, practice, lexicon).unwrap_or_else(|| vec![text])
                } else {
                    vec![text]
                };
                for name in names {
                    add_use(&mut purposes, name, evidence(a, practice, span.span));
                }
            } else if let Some(phrase) = purpose_stated_after_yong_yu(&normalize(
                &a.policy
                    .visible_text(a.policy.sentences[practice.sentence].span),
            )) {
                // No purpose labelled, but the clause ends on what it is for (大嘴讲故事's `…在您授权后
                // 收集您的位置信息，前述特定服务场景包括：用于填写收件人信息和连接智能听教机`): the known
                // purposes those words name, else the words themselves.
                for name in purposes_named_else_words(lexicon, &phrase, phrase.clone()) {
                    add_use(&mut purposes, name, evidence(a, practice, item));
                }
            } else if let Some(marked) = practice
                .condition
                .is_none()
                .then(|| {
                    let sentence = a.policy.sentences[practice.sentence].span;
                    let names = purposes_in_marked_parts(
                        &normalize(&a.policy.visible_text(sentence)),
                        lexicon,
                    );
                    if !names.is_empty() {
                        return names;
                    }
                    // Else a part that opens right after the data: `…手机号码来识别您的身份`.
                    let after = crate::document::Span::new(item.end, sentence.end);
                    purposes_in_marked_parts(&normalize(&a.policy.visible_text(after)), lexicon)
                })
                .filter(|names| !names.is_empty())
            {
                // Neither purpose nor condition labelled, but a part of the clause opens with a
                // purpose marker: the known purposes it names (和路宝's 「为了遵守法律法规对实名制
                // 管理的要求，对您的身份进行识别，…可能会收集您的…驾驶证信息」 was 「未写明用途」).
                for name in marked {
                    add_use(&mut purposes, name, evidence(a, practice, item));
                }
            } else if let Some(c) = practice.condition {
                // No purpose, but the activity it is collected in: `当您在南都上创建账户时，您可以
                // 向我们提供您的全名和手机号` is collected for 注册登录. (Known purposes only: a
                // condition's words are no purpose of their own, and one that refuses or
                // withdraws, `如您拒绝提供…`, names what is lost, not what it is for.)
                let span = a.extraction.spans[c].span;
                let text = normalize(&a.policy.visible_text(span));
                if !REFUSING_CONDITION.iter().any(|w| text.contains(w)) {
                    for m in lexicon.find_purposes_outside_party_names(&text) {
                        let name = lexicon.purposes()[m.purpose_index].canonical.clone();
                        add_use(&mut purposes, name, evidence(a, practice, span));
                    }
                }
            }
            {
                // `我们会收集您的位置信息，用于：` followed by a list: each item is a purpose (also
                // when the clause states one: `…用以向您推荐…：（1）…（2）…` details it).
                for (si, name) in uses_listed_after(a, practice.sentence, lexicon) {
                    let clause = a.policy.sentences[si].span;
                    add_use(
                        &mut purposes,
                        name,
                        evidence_in(a, si, practice.action, clause),
                    );
                }
            }
            // (The receivers a share question lists, by the same test: `向我们提供` names none.)
            let named = super::parties::practice_receivers(a, practice, lexicon);
            stated |= !named.is_empty();
            for (name, span) in named {
                add_use(&mut receivers, name, evidence(a, practice, span));
            }
        }
        // Clauses that name the data and use it where the extractor read no practice of it
        // (`在您授权开启地理位置权限的情况下，我们会向您推荐附近的用户`), and clauses that use
        // `上述信息` right after clauses naming it (`我们会将上述信息…结合…用以向您推荐…：`):
        // cited, with the purposes they state (and list), else the feature their section is
        // titled after.
        if question.action != ActionFilter::Share {
            // What `上述信息` points at is the data named last before it: in its own clause
            // (`我们会收集您的IMEI…MAC地址，我们使用上述设备信息…`), else in the nearest clause
            // before it in its section that names any — not a clause further back that names
            // the asked data (`…购置税完税证明。` two clauses before device identifiers).
            let data_starts: Vec<usize> = {
                let mut v: Vec<usize> = a
                    .extraction
                    .spans
                    .iter()
                    .filter(|e| e.label == Label::Data)
                    .chain(&a.extraction.mentions)
                    .map(|e| e.span.start)
                    .collect();
                v.sort_unstable();
                v
            };
            let names_data_in = |span: Span| {
                let k = data_starts.partition_point(|&s| s < span.start);
                data_starts.get(k).is_some_and(|&s| s < span.end)
            };
            let refers_back = (0..a.policy.sentences.len()).filter(|&si| {
                let sentence = a.policy.sentences[si].span;
                // (The reading view, so that the reference's place maps back to the original
                // across soft breaks and hidden markup.)
                let view = a.policy.reading_view(sentence);
                let Some(at) = BACK_REFERENCES
                    .iter()
                    .filter_map(|w| view.text.find(w))
                    .min()
                else {
                    return false;
                };
                let before = view.to_original(0, view.text[..at].chars().count());
                !names_data_in(before)
                    && (si.saturating_sub(REFERENCE_REACH)..si)
                        .rev()
                        .take_while(|&i| {
                            a.policy.blocks[a.policy.sentences[i].block].section
                                == a.policy.blocks[a.policy.sentences[si].block].section
                        })
                        .find(|&i| names_data_in(a.policy.sentences[i].span))
                        .is_some_and(|i| naming.contains(&i))
            });
            let uncited: BTreeSet<usize> = naming
                .iter()
                .copied()
                .chain(refers_back)
                .filter(|si| !cited.contains(si))
                .collect();
            // (An SDK list's `收集个人信息字段：…位置信息` is a receiver's, answered as one.)
            let records: Vec<Span> = crate::receivers::receivers_of(a.policy, lexicon)
                .iter()
                .filter(|r| r.data_types.iter().any(covers))
                .map(|r| r.span)
                .collect();
            let topics = crate::topics::TopicModel::builtin();
            let mut topic_of_block: BTreeMap<usize, usize> = BTreeMap::new();
            for si in uncited {
                // A heading names a part of the policy, it states no use (`1.存储位置`).
                let block = a.policy.sentences[si].block;
                if a.policy.blocks[block].is_heading() || in_a_yes_no_column(a.policy, block) {
                    continue;
                }
                // Nor does a paragraph about rights, updates, definitions, contact … (CoStudy自习室's
                // 名词解释 lists 个人位置信息 among the kinds of personal information; its update
                // clause tells of notices 在显著位置).
                let topic = *topic_of_block
                    .entry(block)
                    .or_insert_with(|| topics.classify_block(a.policy, block));
                if crate::topics::states_no_use(topic) {
                    continue;
                }
                let span = a.policy.sentences[si].span;
                if records
                    .iter()
                    .any(|r| r.start < span.end && span.start < r.end)
                {
                    continue;
                }
                let text = normalize(&a.policy.visible_text(a.policy.sentences[si].span));
                // (A definition cut at a line break reads as a heading and its paragraph: Wake's
                // 「“个人信息"是指您通过Wake⏎App上传的个人信息,包括…手机号码…」.)
                let under_a_definition = a.policy.blocks[block]
                    .section
                    .last()
                    .is_some_and(|title| defines(&normalize(title)));
                // A table cell naming it (`RECORD_AUDIO`) with no verb: its row's cells saying what
                // for (`用于软件出行语音助手…`), or its list record's purpose fields, state its use.
                let use_cells = if uses_the_data(&text) {
                    Vec::new()
                } else {
                    cells_stating_a_use(a.policy, block)
                };
                if denies(&text, ActionFilter::Any)
                    || (!uses_the_data(&text)
                        && use_cells.is_empty()
                        && !titled_as_collected(a.policy, block))
                    || says_what_cannot_be_done(&text)
                    || says_it_is_not_needed(&text)
                    || defines(&text)
                    || under_a_definition
                    || (tells_how_to_withdraw(&text) && lexicon.find_purposes(&text).is_empty())
                {
                    continue;
                }
                let item = a.policy.sentences[si].span;
                let e = evidence_in(a, si, Label::Collect, item);
                if naming_clearly.contains(&si) {
                    push_evidence(&mut all, e.clone());
                    cited_as_own = true;
                } else {
                    push_evidence(&mut mentioned, e.clone());
                }
                let listed = uses_listed_after(a, si, lexicon)
                    .into_iter()
                    .map(|(li, name)| {
                        let clause = a.policy.sentences[li].span;
                        (name, evidence_in(a, li, Label::Collect, clause))
                    });
                // (A clause with no verb of its own, cited for its section's title, states a use
                // only in words: 浙商证券's 「…将不能登录交易，我们将删除…注册信息」 under 「我们收集哪些
                // 信息」 is no 交易支付 of the phone number.)
                let own_verb = uses_the_data(&text) || !use_cells.is_empty();
                let mut uses = uses_stated_in(a, si, lexicon, own_verb);
                if !use_cells.is_empty() {
                    // (The row's words, not the data cell's section title.)
                    uses.clear();
                    for &ci in &use_cells {
                        let cell = a.policy.sentences[ci].span;
                        let words = field_value(a.policy.visible_text(cell));
                        let names = purposes_named_else_words(lexicon, &normalize(&words), words);
                        let e = evidence_in(a, ci, Label::Collect, cell);
                        for name in names {
                            add_use(&mut purposes, name, e.clone());
                        }
                    }
                }
                // A clause naming it outright with what it is used for states it (公交颍州通's
                // table row 「身份证信息以及真实姓名用来验证用户身份信息」 answers 「会收集我的身份
                // 证号吗」 by the broader type, where no practice was read) — unless it names a
                // third party, whose use it may be (花间's 「第三方支付服务有可能使用生物识别信息用于
                // 付款验证」 is no ground for 「会收集我的指纹吗」).
                let names_a_third_party = || {
                    let text = normalize(&a.policy.visible_text(a.policy.sentences[si].span));
                    text.contains("SDK")
                        || super::parties::party_words()
                            .third_party_ends
                            .iter()
                            .any(|w| text.contains(w))
                };
                if naming_clearly.contains(&si)
                    && (!uses.is_empty() || !use_cells.is_empty())
                    && !names_a_third_party()
                {
                    stated = true;
                }
                for (name, e) in uses.into_iter().map(|name| (name, e.clone())).chain(listed) {
                    add_use(&mut purposes, name, e);
                }
            }
        }
        // A clause that names the data and says the app does not do what is asked, where no
        // practice was read (`仅接收设备所提供的验证结果，不收集或存储指纹`).
        if question.yes_no {
            for m in &a.extraction.mentions {
                if !m.data_types.iter().any(covers) && !m.data_type.as_ref().is_some_and(covers) {
                    continue;
                }
                let si = a
                    .policy
                    .sentences
                    .partition_point(|s| s.span.end <= m.span.start);
                let Some(sentence) = a.policy.sentences.get(si) else {
                    continue;
                };
                let text = normalize(&a.policy.visible_text(sentence.span));
                let at = a
                    .policy
                    .visible_text(Span::new(sentence.span.start, m.span.start))
                    .chars()
                    .count();
                let named = normalize(&a.policy.visible_text(m.span));
                if denies_what_is_named_at(&text, at, &named, question.action) {
                    let action = match question.action {
                        ActionFilter::Share => Label::Share,
                        _ => Label::Collect,
                    };
                    // A denial of everything else (腾讯日历's 「…我们会对您剪切板中的会议号或会议
                    // 链接进行鉴别。除此之外，我们不会收集和处理您剪贴板内的任何信息」) says the
                    // clause before it, naming the data too, is what the app does: both are the
                    // answer, 是 with its limit.
                    let before = si.checked_sub(1).filter(|&b| {
                        opens_with_an_exception(&text) && {
                            let span = a.policy.sentences[b].span;
                            a.extraction.mentions.iter().any(|m| {
                                span.start <= m.span.start
                                    && m.span.end <= span.end
                                    && (m.data_types.iter().any(covers)
                                        || m.data_type.as_ref().is_some_and(covers))
                            })
                        }
                    });
                    if let Some(b) = before {
                        let done = a.policy.sentences[b].span;
                        let e = evidence_in(a, b, action, done);
                        for name in uses_stated_in(a, b, lexicon, false) {
                            add_use(&mut purposes, name, e.clone());
                        }
                        push_evidence(&mut all, e);
                        push_evidence(&mut all, evidence_in(a, si, action, m.span));
                        cited_as_own = true;
                        continue;
                    }
                    let bucket = if denial_only_while_a_feature_is_off(&text) {
                        &mut only_if
                    } else {
                        &mut denied
                    };
                    push_evidence(bucket, evidence_in(a, si, action, m.span));
                }
            }
        }
        // The receivers the policy lists as records (SDK lists and tables) with this data
        // among their items. Asked whether the app collects it, they are its receivers still
        // (免费铃声's seven ad and statistics SDKs that get the IMEI: 「政策没有写明把它共享给谁」
        // was wrong), but no ground for the app's own collection.
        let asked_sharing = action_matches(question.action, Label::Share);
        for r in crate::receivers::receivers_of(a.policy, lexicon) {
            if !r.data_types.iter().any(covers) {
                continue;
            }
            let item = r
                .data
                .iter()
                .find(|q| {
                    lexicon.find_data(&normalize(&q.text)).iter().any(|m| {
                        r.data_types
                            .contains(&lexicon.data_types()[m.type_index].canonical)
                    })
                })
                .map_or(r.name.span, |q| q.span);
            let e = record_evidence(a, r.span, item);
            // (What the record says it is for is a use of it, asked what for or who gets it:
            // 快读小说's IMEI 「政策未写明用途」. Not an answer to whether the app collects it.)
            let records_use = asked_sharing || !question.yes_no;
            let uses = r.purposes.iter().filter(|_| records_use);
            uses.for_each(|p| add_use(&mut purposes, p.clone(), e.clone()));
            if asked_sharing {
                push_evidence(&mut all, e.clone());
                cited_as_own = true;
                stated = true;
            } else if !third_party_collectors.contains(&r.name.text) {
                third_party_collectors.push(r.name.text.clone());
            }
            let name = r.name.text.clone();
            add_use(&mut receivers, name, e);
        }
    }
    // What the policy says about sharing at all, read once when a share question needs it
    // (for the general receivers below and for a yes/no verdict).
    let sharing = std::cell::OnceCell::new();
    let sharing_of =
        || sharing.get_or_init(|| receivers_answer(chosen, lexicon, String::new(), None));
    // The SDKs a clause says the app integrates that take it (到位's 「集成百度地图SDK…：百度SDK：
    // 用于获取位置信息」).
    if question.action == ActionFilter::Share {
        let sharing = sharing_of().receivers.iter();
        for r in sharing.filter(|r| r.kind == "sdk" && r.data_types.iter().any(covers)) {
            r.evidence
                .iter()
                .for_each(|e| add_use(&mut receivers, r.name.clone(), e.clone()));
        }
    }
    // Asked who receives it and no clause or list names a receiver of it: who the policy
    // shares personal information with in general (a receiver named with data of other
    // types only is not one).
    let general_receivers: Vec<Use> =
        if question.action == ActionFilter::Share && receivers.is_empty() {
            sharing_of()
                .receivers
                .iter()
                .filter(|r| r.kind == "named" && r.data_types.is_empty())
                .map(|r| {
                    // One clause is one piece of evidence however many practices hold it and
                    // however many copies of the policy the library has; a clause that says
                    // what it does not share (`不会将上述信息传输至境外`) names no receiver of it.
                    let mut evidence: Vec<Evidence> = Vec::new();
                    for e in &r.evidence {
                        if !evidence.iter().any(|x| x.clause == e.clause)
                            && !super::purpose::denies_broadly(&normalize(&e.clause))
                        {
                            evidence.push(e.clone());
                        }
                    }
                    Use {
                        name: r.name.clone(),
                        evidence,
                    }
                })
                .filter(|u| !u.evidence.is_empty())
                .collect()
        } else {
            Vec::new()
        };
    let mut purposes: Vec<Use> = purposes.into_values().collect();
    // Asked who receives it, of a policy that states no purpose of sharing it: the purposes
    // the policy states for it at all (an empty list would read as 「政策未写明用途」 of data
    // whose uses it does state: 新浪财经's location 「以便于…提供基于地理位置的信息展示」).
    if question.action == ActionFilter::Share && purposes.is_empty() {
        let any = Question {
            action: ActionFilter::Any,
            yes_no: false,
            ..question.clone()
        };
        purposes = by_data(&any, chosen, lexicon, ty, itself_only, app.clone(), None)
            .0
            .purposes;
    }
    stated |= !denied.is_empty() || !only_if.is_empty();
    // Asked what the app collects, of data only third parties are said to collect (易提词's
    // phone number: 「上述手机厂商PushSDK…可能会收集您的…电话号码」, 「第三方支付公司需要收集你的…
    // 手机号码」): who they are, so that a 是 does not read as the app's own collection.
    // (A clause naming it with a use where no practice was read is shown too, and may be the
    // app's own.)
    let collected_only_by =
        if question.action != ActionFilter::Share && !cited_as_own && mentioned.is_empty() {
            third_party_collectors
        } else {
            Vec::new()
        };
    let answer = DataAnswer {
        app,
        policy_title,
        collected_only_by,
        general_receivers,
        data_type: ty.canonical.clone(),
        category: ty.category.clone(),
        sensitive: ty.sensitive,
        reason: ty.reason.clone(),
        purposes,
        receivers: receivers.into_values().collect(),
        yes_no: question.yes_no.then(|| {
            if !all.is_empty() {
                YesNo {
                    verdict: Verdict::Yes,
                    evidence: all.clone(),
                    // Said and denied in one policy (易提词: 「我们不收集人脸数据」, and elsewhere
                    // 「可能会收集你的面部识别特征」): both, for the reader to weigh. (Asked
                    // whether it shares, a denial is nearly always one with exceptions.)
                    contradicted_by: Some(
                        denied
                            .iter()
                            .filter(|e| denies_outright(&normalize(&e.clause)))
                            .cloned()
                            .collect::<Vec<_>>(),
                    )
                    .filter(|d| question.action != ActionFilter::Share && !d.is_empty()),
                }
            } else if !denied.is_empty() {
                YesNo {
                    verdict: Verdict::No,
                    evidence: denied,
                    contradicted_by: None,
                }
            } else if !only_if.is_empty() {
                YesNo {
                    verdict: Verdict::OnlyIf,
                    evidence: only_if.clone(),
                    contradicted_by: None,
                }
            } else {
                // Asked whether it shares: a policy that says it shares with no one.
                let stance = (question.action == ActionFilter::Share).then(sharing_of);
                match stance {
                    Some(r)
                        if matches!(r.stance, SharingStance::None | SharingStance::NoneExcept) =>
                    {
                        YesNo {
                            verdict: Verdict::No,
                            evidence: r.refusals.clone(),
                            contradicted_by: None,
                        }
                    }
                    _ => YesNo {
                        verdict: Verdict::NotMentioned,
                        evidence: Vec::new(),
                        contradicted_by: None,
                    },
                }
            }
        }),
        evidence: {
            for e in mentioned.into_iter().chain(only_if) {
                push_evidence(&mut all, e);
            }
            all
        },
        broader_type: None,
    };
    (answer, stated)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 和路宝 (crawl): 「当您需要使用警方交通违法举报服务时，为了遵守法律法规对实名制管理的要求，对您的
    /// 身份进行识别，和路宝可能会收集您的身份信息、车辆信息、驾驶证信息…」 — read in the whole policy,
    /// the labeller marks no purpose there, and 「会收集我的驾驶证吗」 said 「政策未写明用途」. A part of
    /// the clause opening with a purpose marker names it.
    #[test]
    fn a_purpose_opening_a_part_of_the_clause_names_the_use() {
        let lexicon = Lexicon::builtin();
        let clause = normalize(
            "当您需要使用警方交通违法举报服务时，为了遵守法律法规对实名制管理的要求，对您的身份进行识别，和路宝可能会收集您的身份信息、车辆信息、驾驶证信息。",
        );
        let mut names = purposes_in_marked_parts(&clause, lexicon);
        names.sort();
        assert_eq!(names, ["实名认证", "法律合规"]);
        // Words outside such a part name no use (`互动式广告服务` in an SDK's record).
        let record = normalize(
            "第三方SDK名称：变现猫，收集个人信息目的：互动式广告服务，收集个人信息范围：IMEI。",
        );
        assert!(purposes_in_marked_parts(&record, lexicon).is_empty());
        // A marked part naming no known purpose is the purpose in the policy's words — unless
        // its words are the practice itself.
        let feedback = normalize(
            "为了能及时对您提出的意见进行反馈，您需要向我们提供您的手机号码，以便于我们可以及时联系到您并解决问题。",
        );
        let names = purposes_in_marked_parts(&feedback, lexicon);
        assert!(names == ["能及时对您提出的意见进行反馈"], "{names:?}");
        let practice = normalize("我们会申请定位权限，以便收集有关您的位置信息。");
        assert!(purposes_in_marked_parts(&practice, lexicon).is_empty());
    }

    /// 信用付 (crawl): PIPL's definition 「敏感个人信息是一旦泄露…人身、财产安全受到危害的个人信息，
    /// 包括…行踪轨迹…」 was cited as the location's use for 安全风控 and 未成年人保护.
    #[test]
    fn a_term_defined_by_shi_is_a_definition_but_named_data_said_to_be_for_something_is_not() {
        assert!(defines(
            "敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害或者人身、财产安全受到危害的个人信息，包括生物识别、行踪轨迹等信息。"
        ));
        assert!(defines("个人信息是指以电子或者其他方式记录的各种信息。"));
        for use_of_it in [
            "我们收集上述信息是为了能更好的用于安全维护及优化本产品与/或服务。",
            "上述设备信息是为提供服务所收集的基础信息。",
            "获取上述信息是为了使您不再需要手动输入手机号码和密码/验证码，而直接可以便捷登录。",
            "以上信息是我们向您提供服务所必须收集的基本信息。",
        ] {
            assert!(!defines(use_of_it), "{use_of_it}");
        }
    }

    /// Every row of `data/ask/access_permissions.tsv` names a lexicon type and a permission.
    #[test]
    fn access_permissions_name_a_type_and_a_permission() {
        let lexicon = Lexicon::builtin();
        assert!(ACCESS_PERMISSIONS.len() >= 5);
        for &(data, permission) in ACCESS_PERMISSIONS.iter() {
            let data = lexicon.data_type(data).unwrap_or_else(|| panic!("{data}"));
            let permission = lexicon
                .data_type(permission)
                .unwrap_or_else(|| panic!("{permission}"));
            assert_eq!(
                data.kind,
                crate::lexicon::DataKind::Info,
                "{}",
                data.canonical
            );
            assert_eq!(
                permission.kind,
                crate::lexicon::DataKind::Permission,
                "{}",
                permission.canonical
            );
        }
        let voice = lexicon.data_type("语音信息").unwrap();
        assert!(type_covers(voice, lexicon)(&"麦克风权限".to_string()));
        assert!(!type_covers(voice, lexicon)(&"相机权限".to_string()));
    }

    /// Every row of `data/ask/broader_types.tsv` names two lexicon types, and no chain loops
    /// or ends anywhere but a type with no broader one.
    #[test]
    fn broader_types_are_lexicon_types_in_chains_that_end() {
        let lexicon = Lexicon::builtin();
        assert!(BROADER_TYPES.len() >= 40, "{}", BROADER_TYPES.len());
        for &(narrow, broad) in BROADER_TYPES.iter() {
            for name in [narrow, broad] {
                let ty = lexicon.data_type(name);
                assert!(
                    ty.is_some_and(|t| t.canonical == name),
                    "{name}: not a canonical type"
                );
            }
            let mut at = narrow;
            for _ in 0..BROADER_TYPES.len() {
                match broader_type(at) {
                    Some(b) => at = b,
                    None => break,
                }
            }
            assert!(broader_type(at).is_none(), "{narrow}: its chain loops");
        }
        assert_eq!(broader_type("身份证号码"), Some("身份证件信息"));
        assert_eq!(broader_type("身份证件信息"), None);
    }

    #[test]
    fn a_clause_telling_how_to_turn_a_permission_off_states_no_use() {
        // 漂流瓶瓶 (crawl): 「收集我的通讯录做什么」 answered 「改变您授权同意的范围」 from this.
        assert!(tells_how_to_withdraw(
            "1、您可以在设备本身操作系统中关闭GPS地理位置、通讯录、摄像头、麦克风、相册权限改变同意范围或撤回您的授权。"
        ));
        // Saying what the permission is used for is a use, whatever else it says.
        assert!(!tells_how_to_withdraw(
            "我们会在您开启位置权限后获取您的位置信息，用于推荐附近的门店；您也可以随时关闭该权限。"
        ));
        assert!(!tells_how_to_withdraw(
            "在您授权开启通讯录权限后，我们会读取您的通讯录，以便您添加好友。"
        ));
        // 个推's SDK clause (com.dzk.user, crawl) says what the data is for.
        assert!(!tells_how_to_withdraw(
            "同时我们提供智能推送功能，通过该信息推荐更符合您需要的推送内容，您可以选择开启或关闭这项服务。"
        ));
    }

    #[test]
    fn a_denial_with_a_way_out_does_not_contradict_a_yes() {
        assert!(denies_outright("我们不收集人脸数据。"));
        assert!(denies_outright("我们并不收集您的面容ID/触控ID信息。"));
        for qualified in [
            "除具体产品或服务功能所需外，我们不会收集该类个人敏感信息。",
            "若您禁止读取，可能导致我们无法获取设备信息。",
            "未经您的同意，我们不会收集您的通讯录。",
        ] {
            assert!(!denies_outright(qualified), "{qualified}");
        }
    }

    #[test]
    fn a_purpose_pointing_back_is_told_from_one_that_names_its_feature() {
        for back in [
            "为实现这一功能",
            "为了实现上述目的",
            "为提供该服务",
            "为实现这些功能，",
            "以实现该目的",
            "为实现相应目的",
            "以上述目的",
        ] {
            assert!(points_back(back), "{back}");
        }
        for named in [
            "为实现上述定位功能以外的推荐",
            "为了向您推荐商品",
            "为实现注册功能",
            "以上传头像",
            "用于提供客服服务",
        ] {
            assert!(!points_back(named), "{named}");
        }
        assert_eq!(
            feature_of_condition("当你需要使用地理位置功能时"),
            "使用地理位置功能"
        );
        assert_eq!(feature_of_condition("在您注册账号后，"), "注册账号");
    }

    #[test]
    fn a_purpose_after_yong_yu_ends_its_clause_or_goes_on_about_it() {
        assert_eq!(
            purpose_stated_after_yong_yu(
                "前述特定服务场景包括：用于填写收件人信息和连接智能听教机。"
            )
            .as_deref(),
            Some("填写收件人信息和连接智能听教机")
        );
        assert_eq!(
            purpose_stated_after_yong_yu(
                "您需要提供手机号码（个人敏感信息，用于接受验证码匹配个人身份）。"
            )
            .as_deref(),
            Some("接受验证码匹配个人身份")
        );
        // Inside a noun phrase, or before a list, or not ending the clause: none.
        assert_eq!(
            purpose_stated_after_yong_yu("我们会收集用于验证的短信验证码。"),
            None
        );
        assert_eq!(
            purpose_stated_after_yong_yu("我们会收集您的位置信息，用于：（1）推荐"),
            None
        );
        assert_eq!(
            purpose_stated_after_yong_yu("我们会收集您的位置信息，用于推荐，但不会用于广告。"),
            None
        );
        assert_eq!(
            purpose_stated_after_yong_yu("我们会收集您的位置信息，用于推荐，您也可以拒绝。"),
            None
        );
        // What follows goes on about the same use (易提词, crawl).
        assert_eq!(
            purpose_stated_after_yong_yu(
                "6.我们还会在征得您的同意后，获取您的通讯录信息，用于您使用连接电脑等功能，支持备份通讯录及通话记录等信息。"
            )
            .as_deref(),
            Some("您使用连接电脑等功能")
        );
        assert_eq!(
            purpose_stated_after_yong_yu("我们会收集您的位置信息，用于推荐，并保存三个月。")
                .as_deref(),
            Some("推荐")
        );
    }
}
