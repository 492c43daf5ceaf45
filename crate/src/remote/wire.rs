//! The binary form of the messages between the page and its worker: `Message`s to the
//! worker, `Update`s back (the types' layouts are in `wire_types.rs`).
//!
//! Our own codec rather than serde with serde-wasm-bindgen: serde's derived visitors
//! for these types and the JavaScript-object (de)serializer were about 60 KB of the
//! page's WebAssembly, this is a few. Numbers travel as their little-endian bits, so
//! every float arrives exactly as it left (NaN, infinities, subnormals). Decoding
//! checks every tag, length and string and never panics: bad input is an error.

/// What a malformed message decodes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the message is malformed")
    }
}

/// The encoded form of `value`.
pub fn encode<T: Wire>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.put(&mut out);
    out
}

/// The value `bytes` encode, which must be all of them.
pub fn decode<T: Wire>(bytes: &[u8]) -> Result<T, Malformed> {
    let mut reader = Reader { bytes };
    let value = T::get(&mut reader)?;
    if reader.bytes.is_empty() {
        Ok(value)
    } else {
        Err(Malformed)
    }
}

/// The bytes not yet decoded.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Malformed> {
        let mut head = [0u8; N];
        head.copy_from_slice(self.take_slice(N)?);
        Ok(head)
    }

    /// The next `n` bytes. One shared function rather than one per field: inlined
    /// into every field's decoding, this was several kilobytes of the page's code.
    #[inline(never)]
    fn take_slice(&mut self, n: usize) -> Result<&[u8], Malformed> {
        if n > self.bytes.len() {
            return Err(Malformed);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
}

/// Append `bytes` (shared by every field, as `Reader::take_slice`).
#[inline(never)]
fn append(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(bytes);
}

/// A type that crosses the worker boundary.
pub trait Wire: Sized {
    /// Append the encoded value to `out`.
    fn put(&self, out: &mut Vec<u8>);
    /// Decode a value from the front of `r`.
    fn get(r: &mut Reader) -> Result<Self, Malformed>;
}

/// Numbers as their little-endian bytes.
macro_rules! wire_number {
    ($($ty:ty),*) => {$(
        impl Wire for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                append(out, &self.to_le_bytes());
            }
            fn get(r: &mut Reader) -> Result<Self, Malformed> {
                Ok(<$ty>::from_le_bytes(r.take()?))
            }
        }
    )*};
}
wire_number!(u8, u32, u64, f32, f64);

/// Structs as their fields in order (a missing field is a compile error).
macro_rules! wire_struct {
    ($ty:ty { $($field:ident),* $(,)? }) => {
        impl $crate::remote::wire::Wire for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                $(self.$field.put(out);)*
            }
            fn get(
                r: &mut $crate::remote::wire::Reader,
            ) -> Result<Self, $crate::remote::wire::Malformed> {
                Ok(Self { $($field: Wire::get(r)?,)* })
            }
        }
    };
}
pub(crate) use wire_struct;

impl Wire for usize {
    fn put(&self, out: &mut Vec<u8>) {
        (*self as u64).put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        usize::try_from(u64::get(r)?).map_err(|_| Malformed)
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        u8::from(*self).put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        match u8::get(r)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Malformed),
        }
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        append(out, self.as_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        let len = usize::get(r)?;
        let text = r.take_slice(len)?;
        String::from_utf8(text.to_vec()).map_err(|_| Malformed)
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        self.iter().for_each(|item| item.put(out));
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        let len = usize::get(r)?;
        // Every item takes at least a byte: a length beyond the input is malformed
        // (and never allocates).
        if len > r.bytes.len() {
            return Err(Malformed);
        }
        (0..len).map(|_| T::get(r)).collect()
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.is_some().put(out);
        if let Some(value) = self {
            value.put(out);
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        Ok(if bool::get(r)? {
            Some(T::get(r)?)
        } else {
            None
        })
    }
}

impl<T: Wire, E: Wire> Wire for Result<T, E> {
    fn put(&self, out: &mut Vec<u8>) {
        self.is_ok().put(out);
        match self {
            Ok(value) => value.put(out),
            Err(error) => error.put(out),
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        Ok(if bool::get(r)? {
            Ok(T::get(r)?)
        } else {
            Err(E::get(r)?)
        })
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        Ok((A::get(r)?, B::get(r)?))
    }
}
