//! Our types read straight out of what the browser's `JSON.parse` made: a serde
//! deserializer over a `JsValue` holding plain JSON (objects, arrays, strings, numbers,
//! booleans, null).
//!
//! Why not serde-wasm-bindgen: it was the field bundle's largest reader (a 14 KB
//! `deserialize_struct` for the report alone, and one per type), and its errors spell out
//! every value in words, which drags float printing and serde's messages into the bundle.
//! Here every struct is read through the one object walk, and an error names only the
//! field it is about: enough for the console, and nothing for the phone to download.
//! It reads what serde_json wrote, in serde's default shapes: externally tagged enums
//! (`"Name"` or `{"Name": value}`), and through `deserialize_any` the internally tagged
//! ones.

use std::fmt;

use js_sys::{Array, Number, Object, Reflect};
use serde::de::{self, DeserializeSeed, Expected, Unexpected, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// Why a value could not be read: a fixed phrase, and the field it is about when known.
#[derive(Debug)]
pub struct Unreadable {
    what: &'static str,
    field: &'static str,
}

impl Unreadable {
    fn new(what: &'static str) -> Self {
        Unreadable { what, field: "" }
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)?;
        if !self.field.is_empty() {
            f.write_str(": ")?;
            f.write_str(self.field)?;
        }
        Ok(())
    }
}

impl std::error::Error for Unreadable {}

// Every constructor drops its message on purpose (see the module's comment).
impl de::Error for Unreadable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unreadable::new("invalid value")
    }
    fn invalid_type(_: Unexpected<'_>, _: &dyn Expected) -> Self {
        Unreadable::new("wrong type")
    }
    fn invalid_value(_: Unexpected<'_>, _: &dyn Expected) -> Self {
        Unreadable::new("invalid value")
    }
    fn invalid_length(_: usize, _: &dyn Expected) -> Self {
        Unreadable::new("wrong length")
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable::new("unknown variant")
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable::new("unknown field")
    }
    fn missing_field(field: &'static str) -> Self {
        Unreadable {
            what: "missing field",
            field,
        }
    }
    fn duplicate_field(field: &'static str) -> Self {
        Unreadable {
            what: "duplicate field",
            field,
        }
    }
}

/// Reads a `T` out of `value`.
pub fn from_value<T: de::DeserializeOwned>(value: JsValue) -> Result<T, Unreadable> {
    T::deserialize(Value(value))
}

/// One parsed JSON value.
struct Value(JsValue);

impl<'de> de::Deserializer<'de> for Value {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        let v = self.0;
        if v.is_null() || v.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = v.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = v.as_f64() {
            // JSON has one kind of number: whole ones within 2^53 read as integers, as
            // serde_json reads `5`; the rest as floats.
            if Number::is_safe_integer(&v) {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_f64(n)
            }
        } else if let Some(s) = v.as_string() {
            visitor.visit_string(s)
        } else if Array::is_array(&v) {
            visitor.visit_seq(Items {
                array: v.unchecked_into(),
                next: 0,
            })
        } else {
            // JSON.parse makes nothing else: a plain object.
            let object: Object = v.unchecked_into();
            visitor.visit_map(Fields {
                keys: Object::keys(&object),
                object,
                next: 0,
            })
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        if self.0.is_string() {
            return visitor.visit_enum(Variant {
                tag: self.0,
                content: None,
            });
        }
        let Some(object) = self.0.dyn_ref::<Object>() else {
            return Err(Unreadable::new("wrong type"));
        };
        let keys = Object::keys(object);
        if keys.length() != 1 {
            return Err(Unreadable::new("wrong type"));
        }
        let tag = keys.get(0);
        let content = Reflect::get(object, &tag).unwrap_or(JsValue::UNDEFINED);
        visitor.visit_enum(Variant {
            tag,
            content: Some(content),
        })
    }

    // Each of these is made once per type read, so each takes the one shape it expects
    // (a struct an object, a number a number) instead of the whole of `deserialize_any`.

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        let Some(object) = self.0.dyn_ref::<Object>() else {
            return Err(Unreadable::new("wrong type"));
        };
        visitor.visit_map(Fields {
            keys: Object::keys(object),
            object: object.clone(),
            next: 0,
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if !Array::is_array(&self.0) {
            return Err(Unreadable::new("wrong type"));
        }
        visitor.visit_seq(Items {
            array: self.0.unchecked_into(),
            next: 0,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(Unreadable::new("wrong type")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_string(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(Unreadable::new("wrong type")),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_f64() {
            Some(n) => visitor.visit_f64(n),
            None => Err(Unreadable::new("wrong type")),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_f64(visitor)
    }

    /// Every integer: serde's visitors take an `i64` and check their own range.
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_f64() {
            Some(n) if Number::is_safe_integer(&self.0) => visitor.visit_i64(n as i64),
            _ => Err(Unreadable::new("wrong type")),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_unit()
        } else {
            Err(Unreadable::new("wrong type"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_unit(visitor)
    }

    /// A field this build does not know (written by a newer one): skipped unread.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_unit()
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_i64(visitor)
    }

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

/// An array's items, in order.
struct Items {
    array: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Unreadable;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unreadable> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.array.length() - self.next) as usize)
    }
}

/// An object's fields, in the order JSON.parse kept them.
struct Fields {
    object: Object,
    keys: Array,
    next: u32,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Unreadable;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unreadable> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        seed.deserialize(Value(self.keys.get(self.next))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Unreadable> {
        let key = self.keys.get(self.next);
        self.next += 1;
        let value = Reflect::get(&self.object, &key).unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(Value(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.keys.length() - self.next) as usize)
    }
}

/// An enum's variant: its name, and what it holds (none for a unit variant).
struct Variant {
    tag: JsValue,
    content: Option<JsValue>,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Unreadable;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), Unreadable> {
        let tag = seed.deserialize(Value(self.tag.clone()))?;
        Ok((tag, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant {
    type Error = Unreadable;

    fn unit_variant(self) -> Result<(), Unreadable> {
        match self.content {
            None => Ok(()),
            Some(v) if v.is_null() => Ok(()),
            Some(_) => Err(Unreadable::new("wrong type")),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, Unreadable> {
        seed.deserialize(Value(self.content()?))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        de::Deserializer::deserialize_any(Value(self.content()?), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        de::Deserializer::deserialize_any(Value(self.content()?), visitor)
    }
}

impl Variant {
    fn content(self) -> Result<JsValue, Unreadable> {
        self.content.ok_or_else(|| Unreadable::new("wrong type"))
    }
}
