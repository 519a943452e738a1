use std::io::{self, Read, Write};

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut it = input.split_ascii_whitespace().map(|t| t.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let mut best = it.next().unwrap();
    let mut cur = best;
    for _ in 1..n {
        let x = it.next().unwrap();
        cur = if cur < 0 { x } else { cur + x };
        if cur > best {
            best = cur;
        }
    }
    writeln!(io::stdout(), "{}", best).unwrap();
}
