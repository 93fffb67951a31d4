use super::*;

#[test]
fn a_library_can_be_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Library>();
}

#[test]
fn an_interrupted_creation_is_finished_but_a_foreign_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("index")).unwrap();
    std::fs::write(lib.join("index/half"), b"half written").unwrap();
    std::fs::create_dir_all(lib.join(ORIGINALS_DIR)).unwrap();
    std::fs::write(lib.join(DB_NEW), b"half written").unwrap();
    std::fs::write(lib.join(MARKER_FILE), MARKER_TEXT).unwrap();
    let library = Library::open(&lib).unwrap();
    assert!(library.list().unwrap().is_empty());
    assert!(!lib.join("index/half").exists());
    // The same leftovers without the library's marker are someone else's: kept, refused.
    let unmarked = dir.path().join("unmarked");
    std::fs::create_dir_all(unmarked.join("index")).unwrap();
    std::fs::write(unmarked.join("index/f"), b"theirs").unwrap();
    assert!(matches!(
        Library::open(&unmarked),
        Err(Error::NotALibrary { .. })
    ));
    assert!(unmarked.join("index/f").is_file());
    let other = dir.path().join("other");
    std::fs::create_dir_all(other.join(ORIGINALS_DIR)).unwrap();
    std::fs::write(other.join(ORIGINALS_DIR).join("x.txt"), b"x").unwrap();
    assert!(matches!(
        Library::open(&other),
        Err(Error::NotALibrary { .. })
    ));
}

#[test]
fn only_the_library_s_own_names_are_cleaned_up() {
    assert!(is_index_dir_name("index") && is_index_dir_name("index-1764612345678"));
    for name in ["index_backup", "index-old", "index-", "indexes", "my-index"] {
        assert!(!is_index_dir_name(name), "{name}");
    }
    let id = "a".repeat(64);
    assert!(is_original_name(&format!("{id}.txt")));
    assert!(is_original_name(&format!("{id}.txt.3.tmp")));
    assert!(!is_original_name("my-notes.txt"));
    assert!(!is_original_name(&format!("{}.txt", "g".repeat(64))));
}

#[test]
fn rfc3339_dates_are_civil_dates() {
    let s = now_rfc3339();
    assert_eq!(s.len(), 20, "{s}");
    assert!(s.starts_with("20") && s.ends_with('Z'), "{s}");
}

#[test]
fn for_each_parallel_consumes_in_order_and_stops_on_error() {
    let items: Vec<usize> = (0..200).collect();
    let mut seen = Vec::new();
    for_each_parallel(
        &items,
        |&i| i * 2,
        |i, r| {
            seen.push((i, r));
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(seen, (0..200).map(|i| (i, i * 2)).collect::<Vec<_>>());
    let mut count = 0;
    let err = for_each_parallel(
        &items,
        |&i| i,
        |i, _| {
            count += 1;
            if i == 10 {
                Err(Error::NoDataDir)
            } else {
                Ok(())
            }
        },
    );
    assert!(err.is_err());
    assert_eq!(count, 11);
}

#[test]
fn an_import_s_originals_are_synced_with_their_batch_and_a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    // Three of the bundled policies (long enough to be taken as policies).
    let mut texts: Vec<String> = Vec::new();
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut names: Vec<_> = std::fs::read_dir(&bundled)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for (i, p) in names.iter().take(3).enumerate() {
        let t = std::fs::read_to_string(p).unwrap();
        std::fs::write(src.join(format!("p{i}.txt")), &t).unwrap();
        texts.push(t);
    }
    assert_eq!(texts.len(), 3);
    let library = Library::open(dir.path().join("lib")).unwrap();
    let summary = library
        .add_paths(std::slice::from_ref(&src), &mut |_| {})
        .unwrap();
    assert_eq!(summary.imported(), 3, "{summary:?}");
    // Every original is in place, whole, and no worker's temporary file is left.
    let originals = dir.path().join("lib").join(ORIGINALS_DIR);
    let mut stored: Vec<String> = std::fs::read_dir(&originals)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    stored.sort();
    let mut expected = texts.clone();
    expected.sort();
    assert_eq!(stored, expected);
    let gone = dir.path().join("no such folder");
    match writer::sync_originals(&gone, &[]) {
        Err(Error::Io { path, .. }) => assert_eq!(path, gone),
        other => panic!("{other:?}"),
    }
}

/// A build that cut sentences otherwise (a new segmenter with the same lexicon and models)
/// must not read an extraction another build stored: it points at sentences by number.
#[test]
fn an_extraction_stored_by_other_code_is_made_again_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/huajian.txt");
    std::fs::copy(&bundled, src.join("huajian.txt")).unwrap();
    let library = Library::open(dir.path().join("lib")).unwrap();
    library
        .add_paths(std::slice::from_ref(&src), &mut |_| {})
        .unwrap();
    let id = library.list().unwrap()[0].id.clone();
    assert!(library.stored_extraction(&id).unwrap().is_some());
    // As a build with the same lexicon and models but other code stored it.
    library
        .conn()
        .execute(
            "UPDATE extractions SET fingerprint = ?1",
            params![db::lexicon_fingerprint()],
        )
        .unwrap();
    assert!(library.stored_extraction(&id).unwrap().is_none());
    let policy = library.get(&id).unwrap();
    library.extraction_of(&id, &policy).unwrap();
    assert!(library.stored_extraction(&id).unwrap().is_some());
}
