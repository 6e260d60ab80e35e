//! A writer of zip archives with stored (uncompressed) entries: local headers, the central
//! directory and its end record, CRC-32 per entry, every entry dated 1980-01-01 00:00 so that
//! the same files give the same bytes. No ZIP64: an archive past 65,535 entries or 4 GiB is
//! an error.
//!
//! ```
//! use reo_lca::export::zip;
//! let z = zip::stored(&[("a.txt", b"hello".to_vec())]).unwrap();
//! assert_eq!(&z[..4], b"PK\x03\x04");
//! assert_eq!(zip::crc32(b"123456789"), 0xCBF4_3926);
//! ```

use crate::error::{Error, Result};

/// CRC-32 (IEEE, reflected, as zip uses it) lookup table.
const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// CRC-32 of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

/// DOS date of 1980-01-01 (time 00:00 is 0).
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version needed to extract: 2.0.
const VERSION: u16 = 20;

fn too_large(len: usize, max: usize) -> Error {
    Error::TooLarge {
        field: "datapackage".into(),
        len,
        max,
    }
}

fn u32_of(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| too_large(n, u32::MAX as usize))
}

/// The zip archive of `files` (name, bytes), in order, stored without compression.
pub fn stored<N: AsRef<str>>(files: &[(N, Vec<u8>)]) -> Result<Vec<u8>> {
    let count = u16::try_from(files.len()).map_err(|_| too_large(files.len(), 65_535))?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let name = name.as_ref();
        let offset = u32_of(out.len())?;
        let (crc, size) = (crc32(data), u32_of(data.len())?);
        let name_len = u16::try_from(name.len()).map_err(|_| too_large(name.len(), 65_535))?;
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&VERSION.to_le_bytes()); // version needed
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&0u16.to_le_bytes()); // method: stored
            v.extend_from_slice(&0u16.to_le_bytes()); // time
            v.extend_from_slice(&DOS_DATE.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes()); // compressed
            v.extend_from_slice(&size.to_le_bytes()); // uncompressed
            v.extend_from_slice(&name_len.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        };
        out.extend_from_slice(&0x0403_4B50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(&0x0201_4B50u32.to_le_bytes());
        central.extend_from_slice(&VERSION.to_le_bytes()); // version made by
        common(&mut central);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk number
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = u32_of(out.len())?;
    let cd_size = u32_of(central.len())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4B50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // disk of the central directory
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    u32_of(out.len())?;
    Ok(out)
}
