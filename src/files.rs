//! Reading a rules directory from disk, for the command line and the tests.
//! Not part of the core (which does no I/O); the WebAssembly boundary never
//! calls it, so it is not linked into the page's module.

use std::io;
use std::path::Path;

/// Every `.json` file below `dir`, as `(path relative to dir with '/', text)`,
/// sorted by path: the input of [`crate::RuleSet::from_texts`]. Other files
/// (a README) are not rules and are skipped.
pub fn read_rules_dir(dir: &Path) -> io::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort();
    Ok(files)
}

fn walk(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) -> io::Result<()> {
    let named = |err: io::Error, path: &Path| {
        io::Error::new(err.kind(), format!("{}: {err}", path.display()))
    };
    for entry in std::fs::read_dir(dir).map_err(|e| named(e, dir))? {
        let path = entry.map_err(|e| named(e, dir))?.path();
        if path.is_dir() {
            walk(base, &path, files)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).map_err(|e| named(e, &path))?;
            let relative = path.strip_prefix(base).unwrap_or(&path);
            files.push((relative.to_string_lossy().replace('\\', "/"), text));
        }
    }
    Ok(())
}
