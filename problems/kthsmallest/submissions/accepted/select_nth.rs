use std::io::{self, Read};

fn main() {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s).unwrap();
    let v: Vec<u64> = s.split_ascii_whitespace().map(|t| t.parse().unwrap()).collect();
    let (n, k, mut x, m) = (v[0] as usize, v[1] as usize, v[2], v[3]);
    let mut a = vec![0u32; n]; // 40 MB for n = 10^7
    for e in a.iter_mut() {
        *e = (x % m) as u32;
        x = (1103515245 * x + 12345) & 0x7fff_ffff;
    }
    let (_, kth, _) = a.select_nth_unstable(k - 1);
    println!("{}", kth);
}
