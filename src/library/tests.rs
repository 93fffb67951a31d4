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
