//! Searching the library: the query language, filters, BM25-ranked clauses and highlights.
//!
//! # Query language
//! - Words separated by spaces must all match (`人脸 第三方`): implicit AND.
//! - `"…"` (also `“…”`, `「…」`) is a phrase: its words in order, adjacent (`"精准位置信息"`).
//! - `OR` (or `|`) between two parts: either matches. `AND` may be written out.
//! - `NOT x` or `-x` excludes clauses matching `x`; a query of only exclusions finds nothing.
//! - `( … )` groups. Operators are upper case; unbalanced quotes or brackets are closed for you,
//!   so no query is a syntax error.
//!
//! Every word goes through the index's analyzer ([`crate::index::analyze`]): normalized, cut by
//! jieba in search mode, lower-cased. Documents are indexed with every search-mode token: the
//! words jieba cuts (`手机号码`) and the dictionary words inside them (`手机`, `号码`, `手机号`),
//! so a query for a part finds the whole. A query keeps jieba's words and drops the parts inside
//! them ([`query_tokens`] with [`Granularity::Words`]): `手机号码` is one term, looked up once,
//! not the conjunction of `手机` and `号码` (which is also slower, and matches the two apart).
//! Only when that finds nothing, the query runs again on the smallest parts
//! ([`Granularity::Parts`]), for a document that cut the same chars differently (`信息安全` in
//! `个人信息安全`, cut `个人信息`/`安全`). An unquoted word of several tokens needs all of them
//! in the clause; a phrase needs them at their relative char positions.
//!
//! An empty query, or one of only punctuation, finds nothing (not an error). An empty query with
//! a filter (`--category 个人生物识别信息`) lists the clauses the filter selects (unranked, score
//! 0).
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::Token;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::document::Span;
use crate::error::{Error, Result};
use crate::index::{analyze, Fields, OffsetMap, KIND_CLAUSE};

/// Default number of hits.
pub const DEFAULT_LIMIT: usize = 20;
/// Roughly how many chars a snippet shows.
pub const SNIPPET_CHARS: usize = 80;

/// What to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// The query text (see the module docs for the syntax).
    pub text: String,
    /// Only these apps (any of them); empty = all.
    pub apps: Vec<String>,
    /// Only clauses mentioning data of these categories (any of them), e.g. `个人生物识别信息`.
    pub categories: Vec<String>,
    /// Only clauses that mention sensitive personal information.
    pub sensitive: bool,
    /// Only clauses the policy marks in bold.
    pub bold: bool,
    /// Also search older versions of a policy (default: the latest version of each app).
    pub all_versions: bool,
    /// Largest number of hits returned.
    pub limit: usize,
}

impl SearchQuery {
    pub fn new(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            apps: Vec::new(),
            categories: Vec::new(),
            sensitive: false,
            bold: false,
            all_versions: false,
            limit: DEFAULT_LIMIT,
        }
    }
    fn has_filter(&self) -> bool {
        !self.apps.is_empty() || !self.categories.is_empty() || self.sensitive || self.bold
    }
}

/// The hits of one search, best first.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// Whether there are more hits than `limit`.
    pub more: bool,
    /// Time spent searching, in microseconds.
    pub elapsed_us: u64,
}

/// One matching clause.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The policy's library id.
    pub policy_id: String,
    pub app: String,
    pub title: Option<String>,
    pub version: u32,
    /// Whether this is the latest version of the app's policy.
    pub latest: bool,
    /// Headings the clause sits under, outermost first.
    pub section: Vec<String>,
    /// Index of the clause in the policy's sentences.
    pub sentence: usize,
    /// The clause in the original text (char offsets).
    pub span: Span,
    /// The clause as read (original chars, soft line breaks removed).
    pub clause: String,
    pub snippet: Snippet,
    /// BM25 score (0 for filter-only listings).
    pub score: f32,
    pub bold: bool,
    pub sensitive: bool,
    /// Data categories the clause mentions.
    pub categories: Vec<String>,
}

/// A piece of a clause around the matches.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    /// The snippet text (original chars as read).
    pub text: String,
    /// Where the snippet is in the original text (char offsets).
    pub span: Span,
    /// The matches, as char offsets into the original policy text.
    pub highlights: Vec<Span>,
    /// The same matches as char offsets into [`Snippet::text`], for display.
    pub marks: Vec<Span>,
}

/// What a search hit needs to know about its policy (kept in memory by the library).
#[derive(Debug, Clone)]
pub(crate) struct HitPolicy {
    pub id: String,
    pub app: String,
    pub aliases: Vec<String>,
    pub title: Option<String>,
    pub version: u32,
    pub latest: bool,
}

/// The parts of the library a search reads.
pub(crate) struct Catalog {
    pub policies: HashMap<u64, Arc<HitPolicy>>,
    /// Pids of policies that are not the latest version of their app.
    pub superseded: Vec<u64>,
    /// Every app in the library, sorted.
    pub apps: Vec<String>,
    /// Every app's name and aliases, sorted.
    pub app_names: Vec<String>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Word(String),
    Phrase(String),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Open,
    Close,
    And,
    Or,
    Not,
    Quoted(String),
    Word(String),
}

fn closing_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

fn lex(query: &str) -> Vec<Lexeme> {
    let chars: Vec<char> = query
        .chars()
        .map(crate::normalize::normalize_char)
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Lexeme::Open);
            i += 1;
        } else if c == ')' {
            out.push(Lexeme::Close);
            i += 1;
        } else if c == '|' {
            out.push(Lexeme::Or);
            i += 1;
        } else if let Some(close) = closing_quote(c) {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && chars[j] != close {
                j += 1;
            }
            out.push(Lexeme::Quoted(chars[start..j].iter().collect()));
            i = j + 1;
        } else if c == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
            out.push(Lexeme::Not);
            i += 1;
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')' | '|')
                && closing_quote(chars[i]).is_none()
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(match word.as_str() {
                "AND" | "&&" => Lexeme::And,
                "OR" | "||" => Lexeme::Or,
                "NOT" => Lexeme::Not,
                _ => Lexeme::Word(word),
            });
        }
    }
    out
}

/// Deepest nesting of parentheses the parser follows. Deeper `(`…`)` pairs are read as if
/// they were not there: a query is typed by a person, and the parser (and the tantivy query
/// built from its tree) recurse once per level, so an unbounded depth would let a long run
/// of `(` overflow the stack of the thread searching.
pub const MAX_QUERY_DEPTH: usize = 32;

/// Parse the query language; `None` when nothing is left to search for.
pub fn parse(query: &str) -> Option<Node> {
    let lexemes = lex(query);
    let mut p = Parser {
        lexemes: &lexemes,
        at: 0,
        depth: 0,
        ignored_opens: 0,
    };
    let mut parts = Vec::new();
    while p.at < lexemes.len() {
        if let Some(n) = p.or() {
            parts.push(n);
        }
        // A stray `)` ends `or()` early: skip it and go on.
        if p.peek() == Some(&Lexeme::Close) {
            p.at += 1;
        }
    }
    simplify(Node::And(parts))
}

struct Parser<'a> {
    lexemes: &'a [Lexeme],
    at: usize,
    /// Groups open now.
    depth: usize,
    /// `(` read past [`MAX_QUERY_DEPTH`] and not yet closed: their `)` are skipped too.
    ignored_opens: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Lexeme> {
        self.lexemes.get(self.at)
    }
    fn or(&mut self) -> Option<Node> {
        let mut parts = vec![self.and()];
        while self.peek() == Some(&Lexeme::Or) {
            self.at += 1;
            parts.push(self.and());
        }
        simplify(Node::Or(parts.into_iter().flatten().collect()))
    }
    fn and(&mut self) -> Option<Node> {
        let mut parts = Vec::new();
        while let Some(l) = self.peek() {
            match l {
                Lexeme::Close if self.ignored_opens > 0 => {
                    self.ignored_opens -= 1;
                    self.at += 1;
                }
                Lexeme::Or | Lexeme::Close => break,
                Lexeme::And => self.at += 1,
                _ => parts.extend(self.unary()),
            }
        }
        simplify(Node::And(parts))
    }
    fn unary(&mut self) -> Option<Node> {
        // `NOT NOT x` is `x`: counted, not recursed into (a run of `-` is as long as a user
        // makes it).
        let mut negated = false;
        while self.peek() == Some(&Lexeme::Not) {
            self.at += 1;
            negated = !negated;
        }
        let node = self.operand();
        if negated {
            node.map(|n| Node::Not(Box::new(n)))
        } else {
            node
        }
    }
    fn operand(&mut self) -> Option<Node> {
        let l = self.peek()?.clone();
        self.at += 1;
        match l {
            Lexeme::Open if self.depth >= MAX_QUERY_DEPTH => {
                self.ignored_opens += 1;
                None
            }
            Lexeme::Open => {
                self.depth += 1;
                let inner = self.or();
                self.depth -= 1;
                if self.peek() == Some(&Lexeme::Close) {
                    self.at += 1;
                }
                inner
            }
            Lexeme::Quoted(s) => (!s.trim().is_empty()).then_some(Node::Phrase(s)),
            Lexeme::Word(w) => Some(Node::Word(w)),
            // `AND`/`OR` where a term belongs, or a dangling `NOT`: ignore.
            _ => None,
        }
    }
}

fn simplify(node: Node) -> Option<Node> {
    match node {
        Node::And(mut v) | Node::Or(mut v) if v.len() <= 1 => v.pop(),
        n => Some(n),
    }
}

/// Which analyzer tokens of a query word to search for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// jieba's words: tokens not inside another token (search mode's extra parts dropped).
    Words,
    /// The smallest parts: a compound is dropped when smaller tokens cover it.
    Parts,
}

/// The tokens of a query word, sorted by position.
pub fn query_tokens(text: &str, granularity: Granularity) -> Vec<Token> {
    match granularity {
        Granularity::Parts => covering_tokens(text),
        Granularity::Words => {
            let mut tokens = analyze(text);
            tokens.sort_by(|a, b| {
                (a.position, std::cmp::Reverse(a.position_length), &a.text).cmp(&(
                    b.position,
                    std::cmp::Reverse(b.position_length),
                    &b.text,
                ))
            });
            tokens.dedup_by(|a, b| a.position == b.position && a.text == b.text);
            let end = |t: &Token| t.position + t.position_length;
            let all = tokens.clone();
            tokens.retain(|t| {
                !all.iter().any(|o| {
                    o.position <= t.position
                        && end(t) <= end(o)
                        && o.position_length > t.position_length
                })
            });
            tokens
        }
    }
}

/// The smallest analyzer tokens that cover `text`: search mode's compounds are dropped when their
/// parts cover them, and a token inside another kept token is dropped.
pub fn covering_tokens(text: &str) -> Vec<Token> {
    let mut tokens = analyze(text);
    tokens.sort_by(|a, b| {
        (a.position, a.position_length, &a.text).cmp(&(b.position, b.position_length, &b.text))
    });
    tokens.dedup_by(|a, b| a.position == b.position && a.text == b.text);
    let end = |t: &Token| t.position + t.position_length;
    let inside = |s: &Token, t: &Token| {
        s.position >= t.position && end(s) <= end(t) && s.position_length < t.position_length
    };
    let covered = |t: &Token| {
        (t.position..end(t)).all(|c| {
            tokens
                .iter()
                .any(|s| inside(s, t) && s.position <= c && c < end(s))
        })
    };
    let kept: Vec<Token> = tokens.iter().filter(|t| !covered(t)).cloned().collect();
    kept.iter()
        .filter(|t| !kept.iter().any(|k| inside(t, k)))
        .cloned()
        .collect()
}

fn term_query(fields: &Fields, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(fields.text, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The tantivy query for a parsed query; `None` if it can match nothing.
pub fn to_query(node: &Node, fields: &Fields, g: Granularity) -> Option<Box<dyn Query>> {
    match node {
        Node::Word(w) => {
            let tokens = query_tokens(w, g);
            match tokens.len() {
                0 => None,
                1 => Some(term_query(fields, &tokens[0].text)),
                _ => Some(Box::new(BooleanQuery::new(
                    tokens
                        .iter()
                        .map(|t| (Occur::Must, term_query(fields, &t.text)))
                        .collect(),
                ))),
            }
        }
        Node::Phrase(p) => {
            let tokens = query_tokens(p, g);
            match tokens.len() {
                0 => None,
                1 => Some(term_query(fields, &tokens[0].text)),
                _ => {
                    let first = tokens[0].position;
                    Some(Box::new(PhraseQuery::new_with_offset(
                        tokens
                            .iter()
                            .map(|t| {
                                (
                                    t.position - first,
                                    Term::from_field_text(fields.text, &t.text),
                                )
                            })
                            .collect(),
                    )))
                }
            }
        }
        Node::And(parts) => {
            let mut clauses = Vec::new();
            let mut positive = false;
            for part in parts {
                if let Node::Not(inner) = part {
                    if let Some(q) = to_query(inner, fields, g) {
                        clauses.push((Occur::MustNot, q));
                    }
                } else if let Some(q) = to_query(part, fields, g) {
                    positive = true;
                    clauses.push((Occur::Must, q));
                }
                // A part with nothing to search for (only punctuation) is left out.
            }
            positive.then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
        }
        Node::Or(parts) => {
            let clauses: Vec<(Occur, Box<dyn Query>)> = parts
                .iter()
                .filter(|p| !matches!(p, Node::Not(_)))
                .filter_map(|p| to_query(p, fields, g))
                .map(|q| (Occur::Should, q))
                .collect();
            match clauses.len() {
                0 => None,
                1 => clauses.into_iter().next().map(|(_, q)| q),
                _ => Some(Box::new(BooleanQuery::new(clauses))),
            }
        }
        Node::Not(_) => None,
    }
}

fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn any_of(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    let terms: Vec<(Occur, Box<dyn Query>)> = values
        .iter()
        .map(|v| {
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            )
        })
        .collect();
    filter(Box::new(BooleanQuery::new(terms)))
}

/// Check filter values against what exists: an unknown app or category is an error that lists
/// the valid values.
pub(crate) fn check_filters(query: &SearchQuery, catalog: &Catalog) -> Result<()> {
    for app in &query.apps {
        if catalog.apps.binary_search(app).is_err() {
            return Err(Error::UnknownFilter {
                filter: "app".into(),
                value: app.clone(),
                valid: catalog.apps.clone(),
            });
        }
    }
    let categories = crate::lexicon::Lexicon::category_names();
    for c in &query.categories {
        if !categories.contains(&c.as_str()) {
            return Err(Error::UnknownFilter {
                filter: "category".into(),
                value: c.clone(),
                valid: categories.iter().map(|s| s.to_string()).collect(),
            });
        }
    }
    Ok(())
}

/// Run a search. `catalog` says which pids are live (a document of a policy the database does
/// not know, e.g. from an import in progress in another process, is never shown).
pub(crate) fn run(
    searcher: &Searcher,
    fields: &Fields,
    catalog: &Catalog,
    query: &SearchQuery,
) -> Result<(Vec<SearchHit>, bool)> {
    check_filters(query, catalog)?;
    if query.limit == 0 {
        return Ok((Vec::new(), false));
    }
    let node = parse(&query.text);
    let found = run_with(
        searcher,
        fields,
        catalog,
        query,
        node.as_ref(),
        Granularity::Words,
    )?;
    if found.0.is_empty() && node.is_some() {
        return run_with(
            searcher,
            fields,
            catalog,
            query,
            node.as_ref(),
            Granularity::Parts,
        );
    }
    Ok(found)
}

fn run_with(
    searcher: &Searcher,
    fields: &Fields,
    catalog: &Catalog,
    query: &SearchQuery,
    node: Option<&Node>,
    granularity: Granularity,
) -> Result<(Vec<SearchHit>, bool)> {
    let text_query = node.and_then(|n| to_query(n, fields, granularity));
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match text_query {
        Some(q) => clauses.push((Occur::Must, q)),
        None if query.has_filter() => clauses.push((
            Occur::Must,
            filter(Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, KIND_CLAUSE),
                IndexRecordOption::Basic,
            ))),
        )),
        None => return Ok((Vec::new(), false)),
    }
    if !query.apps.is_empty() {
        clauses.push((Occur::Must, any_of(fields.app, &query.apps)));
    }
    if !query.categories.is_empty() {
        clauses.push((Occur::Must, any_of(fields.category, &query.categories)));
    }
    for (on, field) in [
        (query.sensitive, fields.sensitive),
        (query.bold, fields.bold),
    ] {
        if on {
            clauses.push((
                Occur::Must,
                filter(Box::new(TermQuery::new(
                    Term::from_field_bool(field, true),
                    IndexRecordOption::Basic,
                ))),
            ));
        }
    }
    if !query.all_versions && !catalog.superseded.is_empty() {
        clauses.push((
            Occur::MustNot,
            Box::new(TermSetQuery::new(
                catalog
                    .superseded
                    .iter()
                    .map(|&pid| Term::from_field_u64(fields.pid, pid)),
            )),
        ));
    }
    let tantivy_query: Box<dyn Query> = if clauses.len() == 1 {
        clauses.pop().map(|(_, q)| q).expect("one clause")
    } else {
        Box::new(BooleanQuery::new(clauses))
    };

    // Fetch one more than asked (to know whether there are more), plus room for documents of
    // policies the catalog does not know; widen if those crowd out live hits.
    // Never ask tantivy for more than the index holds: a huge `--limit` must neither overflow
    // nor make TopDocs allocate room for it.
    let all = searcher.num_docs() as usize + 1;
    let mut want = query.limit.saturating_add(1).min(all);
    let (live, more) = loop {
        let top = searcher
            .search(&*tantivy_query, &TopDocs::with_limit(want).order_by_score())
            .map_err(search_error)?;
        let got = top.len();
        let mut live: Vec<(f32, DocAddress, TantivyDocument, Arc<HitPolicy>)> = Vec::new();
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).map_err(search_error)?;
            let pid = doc.get_first(fields.pid).and_then(|v| v.as_u64());
            if let Some(p) = pid.and_then(|pid| catalog.policies.get(&pid)) {
                live.push((score, addr, doc, p.clone()));
                if live.len() > query.limit {
                    break;
                }
            }
        }
        if live.len() > query.limit || got < want {
            let more = live.len() > query.limit;
            live.truncate(query.limit);
            break (live, more);
        }
        want = want.saturating_mul(4).min(all);
    };

    let mut snippets =
        SnippetGenerator::create(searcher, &*tantivy_query, fields.text).map_err(search_error)?;
    snippets.set_max_num_chars(snippet_bytes());
    let hits = live
        .into_iter()
        .map(|(score, _, doc, policy)| hit(fields, &snippets, score, &doc, &policy))
        .collect();
    Ok((hits, more))
}

/// `SnippetGenerator::set_max_num_chars` counts bytes: Chinese text is 3 bytes a char.
fn snippet_bytes() -> usize {
    SNIPPET_CHARS * 3
}

pub(crate) fn search_error(e: tantivy::TantivyError) -> Error {
    Error::Search {
        message: e.to_string(),
    }
}

fn hit(
    fields: &Fields,
    snippets: &SnippetGenerator,
    score: f32,
    doc: &TantivyDocument,
    policy: &HitPolicy,
) -> SearchHit {
    let u64_of = |f| {
        doc.get_first(f)
            .and_then(|v| v.as_u64())
            .unwrap_or_default() as usize
    };
    let text = doc
        .get_first(fields.text)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let offsets = OffsetMap::from_bytes(
        doc.get_first(fields.offsets)
            .and_then(|v| v.as_bytes())
            .unwrap_or_default(),
    );
    let section: Vec<String> = doc
        .get_first(fields.section)
        .and_then(|v| v.as_facet())
        .map(|f| {
            f.split('\u{0}')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let snippet = snippet(&text, &offsets, snippets);
    SearchHit {
        policy_id: policy.id.clone(),
        app: policy.app.clone(),
        title: policy.title.clone(),
        version: policy.version,
        latest: policy.latest,
        section,
        sentence: u64_of(fields.sentence),
        span: Span::new(u64_of(fields.start), u64_of(fields.end)),
        snippet,
        clause: text,
        score,
        bold: doc
            .get_first(fields.bold)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        sensitive: doc
            .get_first(fields.sensitive)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        categories: doc
            .get_all(fields.category)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
    }
}

/// The snippet of a clause: tantivy's best fragment with its highlights, every byte range
/// converted by [`OffsetMap::convert`].
fn snippet(text: &str, offsets: &OffsetMap, generator: &SnippetGenerator) -> Snippet {
    let s = generator.snippet(text);
    let (fragment, highlighted) = if s.is_empty() {
        // No match in the text (a filter-only listing): the clause's beginning.
        let end = text
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map(|(b, _)| b)
            .unwrap_or(text.len());
        (0..end, Vec::new())
    } else {
        let base = s.fragment_range().start;
        let mut ranges: Vec<std::ops::Range<usize>> = s
            .highlighted()
            .iter()
            .map(|r| base + r.start..base + r.end)
            .collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        (s.fragment_range(), merged)
    };
    let (view, span) = offsets.convert(text, fragment.clone());
    let mut highlights = Vec::new();
    let mut marks = Vec::new();
    for r in highlighted {
        let (v, o) = offsets.convert(text, r);
        highlights.push(o);
        marks.push(Span::new(v.start - view.start, v.end - view.start));
    }
    Snippet {
        text: text[fragment].to_string(),
        span,
        highlights,
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word(s.into())
    }

    #[test]
    fn words_are_anded_and_operators_bind_not_and_or() {
        assert_eq!(
            parse("人脸 第三方"),
            Some(Node::And(vec![w("人脸"), w("第三方")]))
        );
        assert_eq!(
            parse("人脸 OR 指纹 -广告"),
            Some(Node::Or(vec![
                w("人脸"),
                Node::And(vec![w("指纹"), Node::Not(Box::new(w("广告")))])
            ]))
        );
        assert_eq!(
            parse("(人脸 OR 指纹) AND NOT \"精准 位置\""),
            Some(Node::And(vec![
                Node::Or(vec![w("人脸"), w("指纹")]),
                Node::Not(Box::new(Node::Phrase("精准 位置".into())))
            ]))
        );
    }

    #[test]
    fn broken_syntax_is_repaired_not_refused() {
        assert_eq!(parse("\"位置信息"), Some(Node::Phrase("位置信息".into())));
        assert_eq!(
            parse("(人脸 指纹"),
            Some(Node::And(vec![w("人脸"), w("指纹")]))
        );
        assert_eq!(parse(") 人脸 )"), Some(w("人脸")));
        assert_eq!(
            parse("“精准位置信息”"),
            Some(Node::Phrase("精准位置信息".into()))
        );
        assert_eq!(parse("（人脸）"), Some(w("人脸")));
        assert_eq!(parse(""), None);
        assert_eq!(parse("   "), None);
        assert_eq!(parse("OR AND"), None);
        assert_eq!(parse("\"\""), None);
    }

    #[test]
    fn query_words_are_jiebas_words_without_the_parts_inside() {
        let texts = |s: &str| -> Vec<String> {
            query_tokens(s, Granularity::Words)
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        assert_eq!(texts("手机号码"), ["手机号码"]);
        assert_eq!(texts("删除个人信息"), ["删除", "个人信息"]);
        assert_eq!(texts("位置信息"), ["位置", "信息"]);
        assert_eq!(texts("第三方SDK"), ["第三方", "sdk"]);
    }

    #[test]
    fn covering_tokens_drop_compounds_their_parts_cover() {
        let texts =
            |s: &str| -> Vec<String> { covering_tokens(s).into_iter().map(|t| t.text).collect() };
        assert_eq!(texts("位置信息"), ["位置", "信息"]);
        assert_eq!(texts("用户"), ["用户"]);
        assert_eq!(texts("⽤户"), ["用户"]);
        assert!(texts("，。").is_empty());
        assert_eq!(texts("IMEI"), ["imei"]);
    }
}
