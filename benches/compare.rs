//! 「对比」 speed: the matrix of 200 apps. A library of 200 policies (the bundled ones, each
//! copied under 50 app names with a line of its own), compared whole: with the columns the
//! library stored at the first comparison (what every later comparison does), and with none
//! stored (every policy parsed and its column made). Run with `cargo bench --bench compare`.
//! The target is < 500 ms for 200 apps.
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use policylens::library::{Library, DB_FILE};

const APPS: usize = 200;

fn library_of_200_apps(dir: &Path) -> (Library, Vec<String>) {
    let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let files = dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let bundled = [
        "kuaishou.txt",
        "kuaishou-shop.txt",
        "huajian.txt",
        "tencent.md",
    ];
    let mut manifest = String::new();
    let mut apps = Vec::new();
    for n in 0..APPS {
        let source = bundled[n % bundled.len()];
        let ext = Path::new(source).extension().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(policies.join(source)).unwrap();
        let name = format!("app{n:03}.{ext}");
        let app = format!("应用{n:03}");
        std::fs::write(
            files.join(&name),
            format!("{app}隐私政策（第 {n} 份）\n\n{text}"),
        )
        .unwrap();
        manifest.push_str(&format!(
            "[[policy]]\nfile = \"{name}\"\napp = \"{app}\"\n\n"
        ));
        apps.push(app);
    }
    std::fs::write(files.join("manifest.toml"), manifest).unwrap();
    let library = Library::open(dir.join("lib")).unwrap();
    let summary = library
        .add_paths(&[PathBuf::from(&files)], &mut |_| {})
        .unwrap();
    assert_eq!(summary.imported(), APPS);
    (library, apps)
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let (library, apps) = library_of_200_apps(tmp.path());
    let db = tmp.path().join("lib").join(DB_FILE);
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    // The first comparison stores the columns.
    assert_eq!(library.compare(&apps, None).unwrap().apps.len(), APPS);
    group.bench_function("200 apps, columns stored", |b| {
        b.iter(|| black_box(library.compare(black_box(&apps), None).unwrap()))
    });
    group.bench_function("200 apps, no column stored", |b| {
        b.iter_batched(
            || {
                rusqlite::Connection::open(&db)
                    .unwrap()
                    .execute("DELETE FROM compare_columns", [])
                    .unwrap();
            },
            |()| black_box(library.compare(black_box(&apps), None).unwrap()),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
