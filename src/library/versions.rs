//! The order of a policy's versions.
//!
//! The versions of one policy (its lineage, see the module docs on versions) are numbered 1 … n
//! in the order their texts were written, not the order their files happened to be imported:
//! a crawl of two app stores holds texts of one policy fetched in either order (in the appch
//! crawl, 12 of the 35 policies with two versions had the older text imported last), and the
//! highest number is what search shows, what notes move to and what 「版本对比」 compares
//! against. A text's date is its 更新日期, else its 生效日期 (a text updated after it took
//! effect is as new as its update). Dated versions are ordered by date, equal dates in import
//! order; a version without a date keeps the place its import gave it, since nothing says
//! where else it belongs.
//!
//! The rule is one function ([`version_order`]) applied to a lineage's texts in import order
//! (`pid` order): the import reports a new text's number with it, and the database is
//! renumbered with it whenever a lineage gains or loses a version ([`renumber`]), so the two
//! cannot disagree.

use rusqlite::{params, Connection};

/// The date a text's versions are ordered by.
pub(super) fn version_date(updated: Option<&str>, effective: Option<&str>) -> Option<String> {
    updated.or(effective).map(str::to_string)
}

/// The versions of one policy in version order, given their dates in import order: the
/// indices into `dates`, oldest first.
pub(super) fn version_order<D: AsRef<str>>(dates: &[Option<D>]) -> Vec<usize> {
    let dated: Vec<usize> = (0..dates.len()).filter(|&i| dates[i].is_some()).collect();
    let mut by_date = dated.clone();
    // Stable: equal dates keep their import order.
    by_date.sort_by(|&a, &b| {
        let date = |i: usize| dates[i].as_ref().map(AsRef::as_ref).unwrap_or_default();
        date(a).cmp(date(b))
    });
    let mut order: Vec<usize> = (0..dates.len()).collect();
    for (&slot, i) in dated.iter().zip(by_date) {
        order[slot] = i;
    }
    order
}

/// Number the versions of `lineage` 1 … n by [`version_order`].
pub(super) fn renumber(conn: &Connection, lineage: &str) -> rusqlite::Result<()> {
    let rows: Vec<(i64, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT pid, updated, effective FROM policies WHERE lineage = ?1 ORDER BY pid",
        )?
        .query_map([lineage], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let dates: Vec<Option<String>> = rows
        .iter()
        .map(|(_, u, e)| version_date(u.as_deref(), e.as_deref()))
        .collect();
    // Out of the way first (versions are unique within a lineage): `-pid` is unique.
    conn.prepare_cached("UPDATE policies SET version = -pid WHERE lineage = ?1")?
        .execute([lineage])?;
    let mut set = conn.prepare_cached("UPDATE policies SET version = ?1 WHERE pid = ?2")?;
    for (k, i) in version_order(&dates).into_iter().enumerate() {
        set.execute(params![k as i64 + 1, rows[i].0])?;
    }
    Ok(())
}

/// Number every policy's versions by [`version_order`] (a library whose versions were numbered
/// in import order, before the rule).
pub(super) fn renumber_all(conn: &Connection) -> rusqlite::Result<()> {
    let lineages: Vec<String> = conn
        .prepare("SELECT lineage FROM policies GROUP BY lineage HAVING COUNT(*) > 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for lineage in lineages {
        renumber(conn, &lineage)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(dates: &[Option<&str>]) -> Vec<usize> {
        version_order(dates)
    }

    #[test]
    fn dated_versions_are_ordered_by_date_whatever_their_import_order() {
        assert_eq!(order(&[Some("2022-04-17"), Some("2022-03-17")]), [1, 0]);
        assert_eq!(order(&[Some("2021-01-01"), Some("2022-03-17")]), [0, 1]);
        assert_eq!(
            order(&[Some("2022-05-01"), Some("2020-01-01"), Some("2021-06-30")]),
            [1, 2, 0]
        );
    }

    #[test]
    fn equal_dates_and_undated_versions_keep_their_import_order() {
        assert_eq!(order(&[Some("2022-01-01"), Some("2022-01-01")]), [0, 1]);
        assert_eq!(order(&[None, None]), [0, 1]);
        // The undated second import stays second; the dated ones around it swap places.
        assert_eq!(
            order(&[Some("2023-01-01"), None, Some("2021-01-01")]),
            [2, 1, 0]
        );
        assert_eq!(order(&[Some("2022-01-01"), None]), [0, 1]);
        assert_eq!(order(&[None, Some("2022-01-01")]), [0, 1]);
        assert!(order(&[]).is_empty());
    }

    #[test]
    fn a_texts_date_is_its_update_else_its_effective_date() {
        assert_eq!(
            version_date(Some("2022-05-14"), Some("2022-05-24")).as_deref(),
            Some("2022-05-14")
        );
        assert_eq!(
            version_date(None, Some("2022-05-24")).as_deref(),
            Some("2022-05-24")
        );
        assert_eq!(version_date(None, None), None);
    }
}
