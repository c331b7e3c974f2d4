//! Reading a rules directory from disk, for the command line and the tests.
//! Not part of the core (which does no I/O); the WebAssembly boundary never
//! calls it, so it is not linked into the page's module.

use std::io;
use std::path::{Path, PathBuf};

/// Every `.json` file below `dir`, as `(path relative to dir with '/', text)`,
/// sorted by path: the input of [`crate::RuleSet::from_texts`]. Other files
/// (a README, the `*.schema.json` JSON Schemas) are not rules and are skipped. Links are followed, but a
/// directory reached a second time (a link back to a parent: a loop) is an
/// error, not a walk without end.
pub fn read_rules_dir(dir: &Path) -> io::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut read = Vec::new();
    walk(dir, dir, &mut files, &mut read)?;
    files.sort();
    Ok(files)
}

/// A `.json` file, but not a JSON Schema (`rules/schema/*.schema.json`
/// describes the files, it is not one of them).
fn is_rules_file(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.ends_with(".json") && !name.ends_with(".schema.json")
}

fn walk(
    base: &Path,
    dir: &Path,
    files: &mut Vec<(String, String)>,
    read: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let named = |err: io::Error, path: &Path| {
        io::Error::new(err.kind(), format!("{}: {err}", path.display()))
    };
    let real = std::fs::canonicalize(dir).map_err(|e| named(e, dir))?;
    if read.contains(&real) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}: leads back to {}, a directory already read (a link loop?)",
                dir.display(),
                real.display()
            ),
        ));
    }
    read.push(real);
    for entry in std::fs::read_dir(dir).map_err(|e| named(e, dir))? {
        let path = entry.map_err(|e| named(e, dir))?.path();
        if path.is_dir() {
            walk(base, &path, files, read)?;
        } else if is_rules_file(&path) {
            let text = std::fs::read_to_string(&path).map_err(|e| named(e, &path))?;
            let relative = path.strip_prefix(base).unwrap_or(&path);
            files.push((relative.to_string_lossy().replace('\\', "/"), text));
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_loop_is_an_error_not_a_walk_without_end() {
        let dir = std::env::temp_dir().join(format!("hukou-years-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("cities")).unwrap();
        std::fs::write(dir.join("cities/a.json"), "{}").unwrap();
        std::os::unix::fs::symlink("..", dir.join("cities/up")).unwrap();
        std::os::unix::fs::symlink("self", dir.join("self")).unwrap();
        let error = read_rules_dir(&dir).unwrap_err();
        assert!(
            error.to_string().contains("a directory already read"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
