use super::*;

/// Words with which a clause refusing to share goes on to list when it does share anyway
/// (`但以下情况除外`, `除非获得您的同意`).
pub(super) const EXCEPTION_WORDS: &[&str] =
    &["除外", "除非", "以下情", "例外", "但", "except", "unless"];

/// How a receiver that is the operator itself or the user begins.
pub(super) const OWN_SIDE: &[&str] = &["我们", "我方", "本公司", "本平台", "您", "你", "用户"];

/// Who receives the data of one analysed policy (the report's 「第三方与SDK」 section).
pub fn receivers_of_policy(a: &Analysed, lexicon: &Lexicon) -> ReceiversAnswer {
    receivers_answer(
        &[a],
        lexicon,
        a.policy.app.clone().unwrap_or_default(),
        a.policy.title.clone(),
    )
}

pub(super) fn receivers_answer(
    chosen: &[&Analysed],
    lexicon: &Lexicon,
    app: String,
    policy_title: Option<String>,
) -> ReceiversAnswer {
    let mut receivers: Vec<ReceiverUse> = Vec::new();
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let mut refusals = Vec::new();
    let mut unnamed = Vec::new();
    let mut excepted = false;
    let push_unique = |list: &mut Vec<String>, item: String| {
        if !item.is_empty() && !list.contains(&item) {
            list.push(item);
        }
    };
    for a in chosen {
        for r in crate::receivers::receivers_of(a.policy, lexicon) {
            let key = normalize(&r.name.text);
            let i = *by_name.entry(key).or_insert_with(|| {
                receivers.push(ReceiverUse {
                    name: r.name.text.clone(),
                    kind: match r.kind {
                        crate::receivers::ReceiverKind::Sdk => "sdk",
                        crate::receivers::ReceiverKind::Partner => "partner",
                    }
                    .into(),
                    operator: r
                        .operator
                        .as_ref()
                        .map(|q| q.text.clone())
                        .or_else(|| r.operator_from_lexicon.clone()),
                    data_types: vec![],
                    data: vec![],
                    purposes: vec![],
                    link: r.link.clone(),
                    evidence: vec![],
                });
                receivers.len() - 1
            });
            let u = &mut receivers[i];
            r.data_types
                .iter()
                .for_each(|d| push_unique(&mut u.data_types, d.clone()));
            r.data
                .iter()
                .for_each(|q| push_unique(&mut u.data, q.text.clone()));
            match (r.purposes.is_empty(), &r.purpose) {
                (false, _) => r
                    .purposes
                    .iter()
                    .for_each(|p| push_unique(&mut u.purposes, p.clone())),
                (true, Some(q)) => push_unique(&mut u.purposes, q.text.clone()),
                (true, None) => {}
            }
            push_evidence(&mut u.evidence, record_evidence(a, r.span, r.name.span));
        }
        // A receiver the policy names in refusing (`不会与…以外的公司、组织和个人共享`) is not
        // one it shares with, though the exceptions that follow may read as sharing with it.
        let refused: Vec<usize> = a
            .extraction
            .practices
            .iter()
            .filter(|p| p.action == Label::Share && p.modality == Modality::Negated)
            .filter_map(|p| p.receiver)
            .collect();
        for practice in &a.extraction.practices {
            if practice.action != Label::Share {
                continue;
            }
            if practice.modality == Modality::Negated {
                let e = evidence_in(a, practice.sentence, Label::Share, {
                    a.policy.sentences[practice.sentence].span
                });
                let clause = normalize(&e.clause);
                excepted |= EXCEPTION_WORDS.iter().any(|w| clause.contains(w));
                push_evidence(&mut refusals, e);
                continue;
            }
            let Some(r) = practice.receiver.filter(|r| !refused.contains(r)) else {
                let item = practice
                    .data
                    .first()
                    .map_or(a.policy.sentences[practice.sentence].span, |&d| {
                        a.extraction.spans[d].span
                    });
                push_evidence(&mut unnamed, evidence(a, practice, item));
                continue;
            };
            let span = a.extraction.spans[r].span;
            let name = a.policy.visible_text(span);
            // The operator or the user is no third party (`向我们进一步提供` misread as giving).
            if OWN_SIDE.iter().any(|w| name.starts_with(w)) {
                continue;
            }
            // Nor is a party data comes *from* (`我们可能从第三方处获取您授权共享的账号信息`).
            if is_source(a, practice.sentence, span) {
                continue;
            }
            let i = *by_name.entry(normalize(&name)).or_insert_with(|| {
                receivers.push(ReceiverUse {
                    name: name.clone(),
                    kind: "named".into(),
                    operator: None,
                    data_types: vec![],
                    data: vec![],
                    purposes: vec![],
                    link: None,
                    evidence: vec![],
                });
                receivers.len() - 1
            });
            let u = &mut receivers[i];
            for &d in &practice.data {
                let item = &a.extraction.spans[d];
                item.data_types
                    .iter()
                    .for_each(|t| push_unique(&mut u.data_types, t.clone()));
                push_unique(&mut u.data, a.policy.visible_text(item.span));
            }
            if let Some(p) = practice.purpose {
                let item = &a.extraction.spans[p];
                if item.purposes.is_empty() {
                    push_unique(&mut u.purposes, a.policy.visible_text(item.span));
                } else {
                    item.purposes
                        .iter()
                        .for_each(|p| push_unique(&mut u.purposes, p.clone()));
                }
            }
            push_evidence(&mut u.evidence, evidence(a, practice, span));
        }
    }
    let stance = if !receivers.is_empty() || !unnamed.is_empty() {
        SharingStance::Shares
    } else if refusals.is_empty() {
        SharingStance::Silent
    } else if excepted {
        SharingStance::NoneExcept
    } else {
        SharingStance::None
    };
    ReceiversAnswer {
        app,
        policy_id: chosen.first().map(|a| a.policy.id.clone()),
        policy_title,
        stance,
        refusals,
        receivers,
        unnamed,
    }
}
